/* The line editor (dom0/lineedit.h). */
#include "common/string.h"
#include "dom0/lineedit.h"

#define KEY_CTRL_C    0x03
#define KEY_BACKSPACE 0x08
#define KEY_CTRL_U    0x15
#define KEY_ESC       0x1b
#define KEY_DEL       0x7f

void lineedit_init(struct lineedit *le, void (*echo)(const char *text, size_t len))
{
    memset(le, 0, sizeof(*le));
    le->echo = echo;
}

static void erase(struct lineedit *le, size_t n)
{
    for (; n && le->len; n--, le->len--)
        le->echo("\b \b", 3);
}

/* Shows text in place of the current line. */
static void replace(struct lineedit *le, const char *text)
{
    erase(le, le->len);
    str_copy(le->line, text, sizeof(le->line));
    le->len = strlen(le->line);
    le->echo(le->line, le->len);
}

static void history_move(struct lineedit *le, bool up)
{
    if (up && le->browsing > 0) {
        if (le->browsing == le->history_count) {
            memcpy(le->draft, le->line, le->len);
            le->draft[le->len] = '\0';
        }
        le->browsing--;
        replace(le, le->history[le->browsing]);
    } else if (!up && le->browsing < le->history_count) {
        le->browsing++;
        replace(le, le->browsing == le->history_count ? le->draft : le->history[le->browsing]);
    }
}

static void history_add(struct lineedit *le)
{
    if (le->len == 0 ||
        (le->history_count && strcmp(le->history[le->history_count - 1], le->line) == 0))
        return; /* blank lines and repeats are not remembered */
    if (le->history_count == LINEEDIT_HISTORY) {
        memmove(le->history[0], le->history[1], sizeof(le->history[0]) * (LINEEDIT_HISTORY - 1));
        le->history_count--;
    }
    str_copy(le->history[le->history_count++], le->line, LINEEDIT_MAX);
}

/* ESC [ X or ESC O X: true while the sequence goes on. */
static bool escape_key(struct lineedit *le, char c)
{
    if (le->escape == 1) {
        le->escape = (c == '[' || c == 'O') ? 2 : 0;
        return le->escape != 0;
    }
    if (c >= '0' && c <= '9')
        return true; /* parameters, e.g. ESC [ 1 ; 5 A */
    if (c == ';')
        return true;
    le->escape = 0;
    if (c == 'A' || c == 'B')
        history_move(le, c == 'A');
    return false;
}

enum lineedit_result lineedit_key(struct lineedit *le, char c)
{
    bool after_cr = le->last_cr;

    le->last_cr = c == '\r';
    if (le->escape) {
        escape_key(le, c);
        return LINEEDIT_MORE;
    }
    switch (c) {
    case '\n':
        if (after_cr)
            return LINEEDIT_MORE; /* the LF of a CR LF */
        /* fall through */
    case '\r':
        le->echo("\n", 1);
        le->line[le->len] = '\0';
        history_add(le);
        le->browsing = le->history_count;
        le->len = 0;
        return LINEEDIT_LINE;
    case KEY_CTRL_C:
        le->echo("^C\n", 3);
        le->len = 0;
        le->browsing = le->history_count;
        return LINEEDIT_CANCEL;
    case KEY_CTRL_U:
        erase(le, le->len);
        return LINEEDIT_MORE;
    case KEY_BACKSPACE:
    case KEY_DEL:
        erase(le, 1);
        return LINEEDIT_MORE;
    case KEY_ESC:
        le->escape = 1;
        return LINEEDIT_MORE;
    }
    if ((unsigned char)c >= ' ' && (unsigned char)c < KEY_DEL && le->len + 1 < LINEEDIT_MAX) {
        le->line[le->len++] = c;
        le->echo(&c, 1);
    }
    return LINEEDIT_MORE;
}

const char *lineedit_text(const struct lineedit *le)
{
    return le->line;
}
