# SPDX-License-Identifier: Apache-2.0
# The fleet report's plot (scripts/fleet): token-endpoint requests of 10,000
# sessions over the simulated day, per minute (top), and per second around
# the outage (bottom). gnuplot -e "datadir='...'; outfile='...'; t0=...; t1=..."
set terminal pngcairo size 1200,900 font "DejaVu Sans,10"
set output outfile
set multiplot layout 2,1
set grid
set key top right

set title "Token endpoint, per-minute mean request rate over the simulated day"
set xlabel "simulated time (h)"
set ylabel "requests / s"
set logscale y
set yrange [0.1:*]
set xrange [0:24]
set xtics 2
set object 1 rect from t0/3600.0, graph 0 to t1/3600.0, graph 1 fc rgb "#ffcccc" fs solid 0.5 behind
plot datadir."/spread.minutes" using 1:2 with lines lw 1.5 title "devices boot within 10 min", \
     datadir."/uniform.minutes" using 1:2 with lines lw 1.5 title "devices boot within 1 h", \
     datadir."/cold.minutes" using 1:2 with lines lw 1.2 title "cold start (all at 0)", \
     datadir."/coldtimer.minutes" using 1:2 with lines lw 1 dt 2 title "cold start, renewing on the report timer only"

unset logscale y
set yrange [0:*]
set title "Per second around the outage (shaded), devices booted within 1 h (no answer: the same as 503)"
set xlabel "simulated time (h)"
set xrange [(t0 - 1200)/3600.0:(t1 + 1800)/3600.0]
set xtics 0.25
set object 1 rect from t0/3600.0, graph 0 to t1/3600.0, graph 1 fc rgb "#ffcccc" fs solid 0.5 behind
plot datadir."/uniform.series" using ($1/3600.0):2 with lines lw 1 title "503", \
     datadir."/retryafter.series" using ($1/3600.0):2 with lines lw 1 title "503 + Retry-After: 120", \
     datadir."/uniform.series" using ($1/3600.0):4 with lines lw 1 lc rgb "black" title "of the 503 run: retries after a failure"
unset multiplot
