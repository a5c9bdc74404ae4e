; The fewest Xen ELF notes a 64-bit PV dom0 can boot with (Xen 4.17's
; libelf and dom0 builder): LOADER "generic" and XEN_VERSION "xen-3.0".
; No VIRT_BASE or PADDR_OFFSET (both default to 0: the image's physical
; addresses are its virtual ones), no ENTRY (the ELF entry point is used),
; no HYPERCALL_PAGE (entry.asm writes the stubs itself), no FEATURES or
; SUPPORTED_FEATURES (only a SUPPORTED_FEATURES note lacking XENFEAT_dom0
; makes Xen refuse a dom0).

bits 64

%define NOTE_XEN_VERSION 5
%define NOTE_LOADER      8

%macro XEN_NOTE 2+
    align 4, db 0
    dd 4                        ; namesz: "Xen" and its NUL
    dd %%desc_end - %%desc      ; descsz
    dd %1                       ; type
    db "Xen", 0
%%desc:
    %2
%%desc_end:
    align 4, db 0
%endmacro

section .note.Xen note alloc noexec nowrite align=4

XEN_NOTE NOTE_LOADER,      db "generic", 0
XEN_NOTE NOTE_XEN_VERSION, db "xen-3.0", 0
