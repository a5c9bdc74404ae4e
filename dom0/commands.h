/* The shell's commands (dom0/commands.c). */
#ifndef DOM0_COMMANDS_H
#define DOM0_COMMANDS_H

struct shell_command {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the name; the exit status */
    const char *usage;
    const char *summary;
};

/* The command named name, or NULL. */
const struct shell_command *commands_find(const char *name);

#endif /* DOM0_COMMANDS_H */
