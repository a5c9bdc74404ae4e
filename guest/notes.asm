; The Xen ELF notes that describe a guest image to the domain builder
; (public/elfnote.h; note type numbers from public/elfnote.h).  They sit in their
; own section, which guest.lds puts in a PT_NOTE program header: builders
; look there first.
;
; What the builder needs from us: LOADER "generic" (we are not "linux"),
; XEN_VERSION "xen-3.0", where the image lives (VIRT_BASE, PADDR_OFFSET),
; where to start (ENTRY) and where to write the hypercall page.  Xen 4.17
; refuses a dom0 whose SUPPORTED_FEATURES lacks XENFEAT_dom0 (bit 11).
; There is no PAE_MODE note, so start_info.magic is "xen-3.0-x86_64".

bits 64
default rel

extern _start
extern hypercall_page

; XEN_ELFNOTE_* (public/elfnote.h)
%define NOTE_ENTRY              1
%define NOTE_HYPERCALL_PAGE     2
%define NOTE_VIRT_BASE          3
%define NOTE_PADDR_OFFSET       4
%define NOTE_XEN_VERSION        5
%define NOTE_GUEST_OS           6
%define NOTE_GUEST_VERSION      7
%define NOTE_LOADER             8
%define NOTE_FEATURES           10
%define NOTE_SUPPORTED_FEATURES 17

%define XENFEAT_dom0            11

; One note: name "Xen", then the descriptor given as the remaining
; arguments (a db/dd/dq line).
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

XEN_NOTE NOTE_GUEST_OS,           db "pvguest", 0
XEN_NOTE NOTE_GUEST_VERSION,      db "0.1", 0
XEN_NOTE NOTE_XEN_VERSION,        db "xen-3.0", 0
XEN_NOTE NOTE_LOADER,             db "generic", 0
XEN_NOTE NOTE_VIRT_BASE,          dq 0xFFFFFFFF80000000
XEN_NOTE NOTE_PADDR_OFFSET,       dq 0
XEN_NOTE NOTE_ENTRY,              dq _start
XEN_NOTE NOTE_HYPERCALL_PAGE,     dq hypercall_page
XEN_NOTE NOTE_FEATURES,           db "dom0", 0
XEN_NOTE NOTE_SUPPORTED_FEATURES, dd 1 << XENFEAT_dom0
