/* Intrusive doubly linked lists (circular, with a head node). */
#ifndef XEN_LIST_H
#define XEN_LIST_H

#include <stdbool.h>

struct list_head {
    struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) \
    {                        \
        &(name), &(name)     \
    }

static inline void list_init(struct list_head *head)
{
    head->next = head->prev = head;
}

static inline bool list_empty(const struct list_head *head)
{
    return head->next == head;
}

static inline void list_insert(struct list_head *node, struct list_head *prev,
                               struct list_head *next)
{
    node->prev = prev;
    node->next = next;
    prev->next = node;
    next->prev = node;
}

static inline void list_add(struct list_head *node, struct list_head *head)
{
    list_insert(node, head, head->next);
}

static inline void list_add_tail(struct list_head *node, struct list_head *head)
{
    list_insert(node, head->prev, head);
}

static inline void list_del(struct list_head *node)
{
    node->prev->next = node->next;
    node->next->prev = node->prev;
    node->next = node->prev = node;
}

#define list_first_entry(head, type, member) container_of((head)->next, type, member)

#define list_for_each_entry(pos, head, type, member)                                 \
    for ((pos) = container_of((head)->next, type, member); &(pos)->member != (head); \
         (pos) = container_of((pos)->member.next, type, member))

#endif
