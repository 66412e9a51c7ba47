# SPDX-License-Identifier: Apache-2.0
# gnuplot script for build/bench.png (scripts/bench passes datadir and outfile).
set terminal pngcairo size 1500,480 font "DejaVu Sans,10" noenhanced
set output outfile
set fit quiet
set fit logfile "/dev/null"
set multiplot layout 1,3 title "ejwt host benchmarks (scripts/bench)"

set title "Instructions per operation (callgrind, log scale)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set logscale y
set ylabel "instructions"
set xtics rotate by -20
set key top left
plot datadir."/compare.dat" using 5:xtic(1) title "ejwt", \
     "" using 6 title "bare PSA", \
     "" using 7 title "libjwt"
unset logscale y
unset style
set style data linespoints
set xtics norotate

set title "HS256/ES256 verify vs token size"
set xtics ("256" 256, "4K" 4096, "8K" 8192, "12K" 12288, "16K" 16384)
set xlabel "token bytes"
set ylabel "instructions per verify (HS256)"
set y2label "instructions per verify (ES256)"
set ytics nomirror
set y2tics
set key top left
f(x) = a*x + b
g(x) = c*x + d
fit f(x) datadir."/scale_bytes_hs256.dat" using 1:3 via a, b
fit g(x) datadir."/scale_bytes_es256.dat" using 1:3 via c, d
plot datadir."/scale_bytes_hs256.dat" using 1:3 title "HS256" pt 7, \
     f(x) title sprintf("fit %.1f instr/byte", a) lt 1 dt 2, \
     datadir."/scale_bytes_es256.dat" using 1:3 axes x1y2 title "ES256 (right axis)" pt 5, \
     g(x) axes x1y2 title sprintf("fit %.1f instr/byte", c) lt 3 dt 2

set title "HS256/ES256 verify vs claim count"
set xtics autofreq
set xlabel "claims"
fit f(x) datadir."/scale_claims_hs256.dat" using 1:3 via a, b
fit g(x) datadir."/scale_claims_es256.dat" using 1:3 via c, d
plot datadir."/scale_claims_hs256.dat" using 1:3 title "HS256" pt 7, \
     f(x) title sprintf("fit %.0f instr/claim", a) lt 1 dt 2, \
     datadir."/scale_claims_es256.dat" using 1:3 axes x1y2 title "ES256 (right axis)" pt 5, \
     g(x) axes x1y2 title sprintf("fit %.0f instr/claim", c) lt 3 dt 2
unset multiplot
