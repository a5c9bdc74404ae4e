/* Debug keys (xen/keyhandler.c). */
#ifndef XEN_KEYHANDLER_H
#define XEN_KEYHANDLER_H

/* Run key's dump, if it has one ('h' lists them); others are ignored. */
void handle_keypress(unsigned char key);

#endif
