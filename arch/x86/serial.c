/*
 * The COM1 16550 UART, polled: 115200 baud, 8 data bits, no parity, one
 * stop bit.  Output only for now; '\n' goes out as CRLF.
 */
#include "arch/x86/include/cpu.h"
#include "arch/x86/serial.h"

#define COM1           0x3F8
#define UART_DATA      0 /* DLAB=0: data; DLAB=1: divisor low */
#define UART_IER       1 /* DLAB=0: interrupt enable; DLAB=1: divisor high */
#define UART_FCR       2
#define UART_LCR       3
#define UART_MCR       4
#define UART_LSR       5
#define LCR_DLAB       0x80
#define LCR_8N1        0x03
#define LSR_DATA_READY 0x01
#define LSR_THRE       0x20
#define UART_CLOCK     115200

static bool serial_enabled = true;

void serial_init(unsigned baud)
{
    unsigned divisor = UART_CLOCK / (baud ? baud : UART_CLOCK);

    outb(COM1 + UART_IER, 0);
    outb(COM1 + UART_LCR, LCR_DLAB);
    outb(COM1 + UART_DATA, divisor & 0xFF);
    outb(COM1 + UART_IER, divisor >> 8);
    outb(COM1 + UART_LCR, LCR_8N1);
    outb(COM1 + UART_FCR, 0x07); /* enable and clear the FIFOs */
    outb(COM1 + UART_MCR, 0x03); /* DTR, RTS */
}

void serial_set_enabled(bool enabled)
{
    serial_enabled = enabled;
}

static void serial_putc(char c)
{
    while (!(inb(COM1 + UART_LSR) & LSR_THRE))
        ;
    outb(COM1 + UART_DATA, c);
}

size_t arch_console_read(char *buf, size_t max)
{
    size_t got = 0;

    while (got < max && (inb(COM1 + UART_LSR) & LSR_DATA_READY))
        buf[got++] = inb(COM1 + UART_DATA);
    return got;
}

void arch_console_write(const char *text, size_t len)
{
    if (!serial_enabled)
        return;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n')
            serial_putc('\r');
        serial_putc(text[i]);
    }
}
