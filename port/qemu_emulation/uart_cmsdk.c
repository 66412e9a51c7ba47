/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arm CMSDK APB UART, polled (see ejwt/uart_cmsdk.h). Register map from the
 * Cortex-M System Design Kit TRM: DATA, STATE (bit 0 TX full, bit 1 RX
 * full), CTRL (bit 0 TX enable, bit 1 RX enable), INTSTATUS, BAUDDIV.
 */
#include "ejwt/uart_cmsdk.h"

#define UART_DATA 0x00u
#define UART_STATE 0x04u
#define UART_CTRL 0x08u
#define UART_BAUDDIV 0x10u

#define STATE_TX_FULL 0x1u
#define STATE_RX_FULL 0x2u
#define CTRL_TX_EN 0x1u
#define CTRL_RX_EN 0x2u

static volatile uint32_t *reg(const ejwt_uart_cmsdk *u, uint32_t off)
{
    return (volatile uint32_t *)(u->base + off);
}

void ejwt_uart_cmsdk_init(ejwt_uart_cmsdk *u, uintptr_t base, uint32_t pclk_hz, uint32_t baud)
{
    uint32_t div = baud != 0u ? pclk_hz / baud : 16u;

    u->base = base;
    if (div < 16u) {
        div = 16u; /* the smallest divider the UART accepts */
    }
    *reg(u, UART_CTRL) = 0u;
    *reg(u, UART_BAUDDIV) = div;
    *reg(u, UART_CTRL) = CTRL_TX_EN | CTRL_RX_EN;
}

void ejwt_uart_cmsdk_write(const ejwt_uart_cmsdk *u, const uint8_t *buf, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++) {
        while ((*reg(u, UART_STATE) & STATE_TX_FULL) != 0u) {
        }
        *reg(u, UART_DATA) = buf[i];
    }
}

size_t ejwt_uart_cmsdk_read(const ejwt_uart_cmsdk *u, uint8_t *buf, size_t cap)
{
    size_t n = 0;

    while (n < cap && (*reg(u, UART_STATE) & STATE_RX_FULL) != 0u) {
        buf[n++] = (uint8_t)(*reg(u, UART_DATA) & 0xffu);
    }
    return n;
}

size_t ejwt_uart_cmsdk_drain(const ejwt_uart_cmsdk *u)
{
    size_t n = 0;

    while ((*reg(u, UART_STATE) & STATE_RX_FULL) != 0u) {
        (void)*reg(u, UART_DATA);
        n++;
    }
    return n;
}
