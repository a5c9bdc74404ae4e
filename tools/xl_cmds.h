/*
 * xl's subcommands, one function each (Xen's main_* functions), grouped in
 * files much as Xen groups them: xl_info.c (list, info, domid, domname,
 * dmesg), xl_json.c (list -l), xl_vcpu.c (vcpu-list, vcpu-pin),
 * xl_vmcontrol.c (pause, unpause, destroy, shutdown, reboot, rename),
 * xl_console.c (console), xl_create.c (create), xl_mem.c (mem-set), xl_sched.c
 * (sched-credit, sched-credit2), xl_top.c (top, uptime).  Each takes argv
 * from its own name on and returns xl's exit code.
 */
#ifndef TOOLS_XL_CMDS_H
#define TOOLS_XL_CMDS_H

int main_list(int argc, char **argv);
int main_info(int argc, char **argv);
int main_domid(int argc, char **argv);
int main_domname(int argc, char **argv);
int main_uptime(int argc, char **argv);
int main_dmesg(int argc, char **argv);
int main_top(int argc, char **argv);
int main_vcpulist(int argc, char **argv);
int main_vcpupin(int argc, char **argv);
int main_create(int argc, char **argv);
int main_pause(int argc, char **argv);
int main_unpause(int argc, char **argv);
int main_destroy(int argc, char **argv);
int main_shutdown(int argc, char **argv);
int main_reboot(int argc, char **argv);
int main_rename(int argc, char **argv);
int main_memset(int argc, char **argv);
int main_sched_credit(int argc, char **argv);
int main_sched_credit2(int argc, char **argv);

#endif /* TOOLS_XL_CMDS_H */
