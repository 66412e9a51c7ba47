/* SPDX-License-Identifier: Apache-2.0 */
/**
 * \file uart_cmsdk.h
 * \brief Polled driver for the Arm CMSDK APB UART (UART0 at 0x40004000 on
 *        mps2-an385): a byte stream for the board demo's modem-style link.
 *
 * Polled, no interrupts: the port enables none. The CMSDK UART has a
 * one-byte buffer in each direction, so the receive side must be read
 * often enough; on QEMU the character backend waits for the guest (flow
 * control), so polling loses nothing. On QEMU the UART is connected to a
 * host TCP socket with `-serial tcp:...` or `-chardev socket` (see
 * boards/qemu-run, EJWT_SERIAL_TCP_PORT).
 */
#ifndef EJWT_UART_CMSDK_H
#define EJWT_UART_CMSDK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** UART0 of the MPS2 FPGA images (AN385, AN386, AN500). */
#define EJWT_UART_CMSDK_UART0 0x40004000u

/** One UART. Zero-initialise, then ejwt_uart_cmsdk_init(). */
typedef struct ejwt_uart_cmsdk {
    uintptr_t base; /**< register block */
} ejwt_uart_cmsdk;

/**
 * Enable transmit and receive at \p baud from a \p pclk_hz APB clock
 * (QEMU ignores the rate but wants a divider of at least 16).
 * \param u     the UART to fill
 * \param base  its register block (EJWT_UART_CMSDK_UART0)
 */
void ejwt_uart_cmsdk_init(ejwt_uart_cmsdk *u, uintptr_t base, uint32_t pclk_hz, uint32_t baud);

/** Send \p len bytes, waiting while the transmit buffer is full. */
void ejwt_uart_cmsdk_write(const ejwt_uart_cmsdk *u, const uint8_t *buf, size_t len);

/**
 * Receive what has arrived, up to \p cap bytes, without waiting.
 * \return the bytes read (0 when nothing is waiting)
 */
size_t ejwt_uart_cmsdk_read(const ejwt_uart_cmsdk *u, uint8_t *buf, size_t cap);

/** Drop every byte waiting on the receive side (returns their number). */
size_t ejwt_uart_cmsdk_drain(const ejwt_uart_cmsdk *u);

#ifdef __cplusplus
}
#endif
#endif /* EJWT_UART_CMSDK_H */
