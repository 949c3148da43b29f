/* lock.c: see lock.h. */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct px_lock {
    int fd;
};

int px_lock_acquire(const char *db_path, int wait, px_lock **out, long *holder_pid, px_error *err)
{
    *out = NULL;
    *holder_pid = 0;
    size_t n = strlen(db_path) + sizeof ".lock";
    char *path = malloc(n);
    if (!path)
        return px_error_set(err, "out of memory");
    snprintf(path, n, "%s.lock", db_path);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        px_error_set(err, "cannot open lock file %s: %s", path, strerror(errno));
        free(path);
        return -1;
    }
    free(path);
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    for (;;) {
        if (fcntl(fd, wait ? F_SETLKW : F_SETLK, &fl) == 0)
            break;
        if (errno == EINTR && wait)
            continue;
        if (errno == EACCES || errno == EAGAIN) {
            struct flock who = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
            if (fcntl(fd, F_GETLK, &who) == 0 && who.l_type != F_UNLCK)
                *holder_pid = (long)who.l_pid;
            close(fd);
            return 1;
        }
        px_error_set(err, "cannot lock %s.lock: %s", db_path, strerror(errno));
        close(fd);
        return -1;
    }
    px_lock *l = malloc(sizeof *l);
    if (!l) {
        close(fd);
        return px_error_set(err, "out of memory");
    }
    l->fd = fd;
    /* the pid, for people looking at the file; the kernel knows the holder */
    char pid[32];
    int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
        /* only informative: the lock holds without it */
    }
    *out = l;
    return 0;
}

void px_lock_release(px_lock *l)
{
    if (!l)
        return;
    close(l->fd); /* drops the lock */
    free(l);
}

int px_lock_fd(const px_lock *l) { return l ? l->fd : -1; }
