/*
 * A line editor for a serial terminal, one key at a time: printable
 * characters are added at the end of the line and echoed; Backspace (DEL
 * or ^H) removes the last one, ^U the whole line, ^C abandons the line
 * ("^C"); Enter (CR, LF, or CR LF counted once) ends it.  Up and Down
 * (ESC [ A / ESC [ B, or ESC O A / B) walk the history of entered lines,
 * the draft being edited kept as the newest entry.  Other control keys
 * and escape sequences are ignored.  Erasing is done with "\b \b", which
 * every terminal understands.
 */
#ifndef DOM0_LINEEDIT_H
#define DOM0_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

#define LINEEDIT_MAX     256 /* bytes in a line, its NUL included */
#define LINEEDIT_HISTORY 32  /* lines remembered */

enum lineedit_result {
    LINEEDIT_MORE,   /* keep feeding keys */
    LINEEDIT_LINE,   /* a line was entered: lineedit_text() */
    LINEEDIT_CANCEL, /* ^C: the line was abandoned */
};

struct lineedit {
    void (*echo)(const char *text, size_t len);
    char line[LINEEDIT_MAX];
    size_t len;
    char history[LINEEDIT_HISTORY][LINEEDIT_MAX];
    unsigned history_count; /* entries in use, oldest first */
    unsigned browsing;      /* history_count when editing a new line; else the entry shown */
    char draft[LINEEDIT_MAX];
    int escape; /* 0, or how much of an escape sequence has been seen */
    bool last_cr;
};

void lineedit_init(struct lineedit *le, void (*echo)(const char *text, size_t len));

/* Feeds one key. */
enum lineedit_result lineedit_key(struct lineedit *le, char c);

/* The line just entered (valid until the next key); it is added to the history. */
const char *lineedit_text(const struct lineedit *le);

#endif /* DOM0_LINEEDIT_H */
