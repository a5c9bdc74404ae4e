; The runtime's notes (guest/notes.asm) and INIT_P2M, asking for the P2M
; list at the address Linux x86_64 asks for: 512 GiB, L4 slot 1, far from
; the initial mapping at VIRT_BASE.  main.c's P2M_VA is the same address.

%include "guest/notes.asm"

%define NOTE_INIT_P2M 15

XEN_NOTE NOTE_INIT_P2M, dq 0x0000008000000000
