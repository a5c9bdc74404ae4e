; The runtime's notes but for VIRT_BASE and PADDR_OFFSET: both 2 MiB higher,
; so the image still lands where it is linked (virtual = physical + VIRT_BASE
; - PADDR_OFFSET) and ENTRY is inside it, but VIRT_BASE lies above the
; image's start: notes that contradict the segments.  Xen 4.17's libelf
; refuses it ("ELF start or entries are out of bounds"), and so must we.

bits 64

extern _start
extern hypercall_page

%define NOTE_ENTRY              1
%define NOTE_HYPERCALL_PAGE     2
%define NOTE_VIRT_BASE          3
%define NOTE_PADDR_OFFSET       4
%define NOTE_XEN_VERSION        5
%define NOTE_LOADER             8
%define NOTE_SUPPORTED_FEATURES 17

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

XEN_NOTE NOTE_XEN_VERSION,        db "xen-3.0", 0
XEN_NOTE NOTE_LOADER,             db "generic", 0
XEN_NOTE NOTE_VIRT_BASE,          dq 0xFFFFFFFF80200000
XEN_NOTE NOTE_PADDR_OFFSET,       dq 0x200000
XEN_NOTE NOTE_ENTRY,              dq _start
XEN_NOTE NOTE_HYPERCALL_PAGE,     dq hypercall_page
XEN_NOTE NOTE_SUPPORTED_FEATURES, dd 1 << 11
