/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CRC-32 for the storage formats (the flash key-value store, the posix ITS
 * files).
 */
#include "ejwt_common.h"

/* Nibble-table CRC-32: 64 bytes of table instead of 1 KiB, which matters more
 * on a Cortex-M0 than the speed a full table would buy. */
static const uint32_t crc_nibble[16] = {0x00000000u, 0x1db71064u, 0x3b6e20c8u, 0x26d930acu,
                                        0x76dc4190u, 0x6b6b51f4u, 0x4db26158u, 0x5005713cu,
                                        0xedb88320u, 0xf00f9344u, 0xd6d6a3e8u, 0xcb61b38cu,
                                        0x9b64c2b0u, 0x86d3d2d4u, 0xa00ae278u, 0xbdbdf21cu};

uint32_t ejwt_crc32(uint32_t crc, const void *p, size_t n)
{
    const uint8_t *b = (const uint8_t *)p;
    size_t i;

    crc = ~crc;
    for (i = 0; i < n; i++) {
        crc ^= b[i];
        crc = (crc >> 4) ^ crc_nibble[crc & 0x0fu];
        crc = (crc >> 4) ^ crc_nibble[crc & 0x0fu];
    }
    return ~crc;
}
