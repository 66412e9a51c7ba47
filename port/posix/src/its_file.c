/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSA Internal Trusted Storage on files: one file per uid.
 *
 * File layout (little-endian): magic "EJI1" | flags u32 | size u32 |
 * crc32 u32 (over the 12 bytes before it and the data) | data.
 *
 * Replacement is write-temporary, fsync, rename, fsync(directory): rename(2)
 * is atomic, so after a crash a reader finds the complete old file or the
 * complete new one. The CRC catches what rename cannot: a file damaged at
 * rest or truncated by a filesystem that lost unsynced data.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <psa/internal_trusted_storage.h>

/* This file defines psa_its_*: the provider must not (MBEDTLS_PSA_ITS_FILE_C). */
#define EJWT_PSA_CHECK_ITS_FROM_PORT 1
#include "ejwt/psa_check.h"
#include "ejwt/port_posix.h"
#include "ejwt_common.h"

#define ITS_HEADER_LEN 16u
#define ITS_CHUNK 256u
#define ITS_PATH_MAX (EJWT_POSIX_STORAGE_DIR_MAX + 32u)

static const uint8_t its_magic[4] = {'E', 'J', 'I', '1'};

typedef struct its_header {
    uint32_t flags;
    uint32_t size;
    uint32_t crc;
} its_header;

/* The storage directory, or NULL after telling the operator (once) why. */
static const char *its_dir(void)
{
    static int warned;
    const char *dir = ejwt_posix_storage_dir();

    if (dir == NULL && !warned) {
        warned = 1;
        (void)fprintf(stderr,
                      "ejwt: no secure-storage directory: set %s or call "
                      "ejwt_posix_set_storage_dir(); refusing to use the current "
                      "directory\n",
                      EJWT_POSIX_STORAGE_ENV);
    }
    return dir;
}

static int its_path(char *out, psa_storage_uid_t uid, const char *suffix)
{
    const char *dir = ejwt_posix_storage_dir();
    int n;

    if (dir == NULL) {
        return -1;
    }
    n = snprintf(out, ITS_PATH_MAX, "%s/%016llx.%s", dir, (unsigned long long)uid, suffix);
    return (n < 0 || (size_t)n >= ITS_PATH_MAX) ? -1 : 0;
}

static int read_full(int fd, uint8_t *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        ssize_t n = read(fd, buf + done, len - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
}

static int write_full(int fd, const uint8_t *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        ssize_t n = write(fd, buf + done, len - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
}

/* Open the file of \p uid and check its header against its length. */
static psa_status_t open_entry(psa_storage_uid_t uid, int *fd_out, its_header *h)
{
    char path[ITS_PATH_MAX];
    uint8_t raw[ITS_HEADER_LEN];
    struct stat st;
    int fd;

    /* Without a storage directory nothing is stored: reads find nothing
     * (so a program that only uses volatile keys works unconfigured), and
     * only a write is an error. */
    if (ejwt_posix_storage_dir() == NULL) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    if (its_path(path, uid, "its") != 0) {
        return PSA_ERROR_STORAGE_FAILURE;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return errno == ENOENT ? PSA_ERROR_DOES_NOT_EXIST : PSA_ERROR_STORAGE_FAILURE;
    }
    if (fstat(fd, &st) != 0) {
        (void)close(fd);
        return PSA_ERROR_STORAGE_FAILURE;
    }
    if (st.st_size < (off_t)ITS_HEADER_LEN || read_full(fd, raw, sizeof(raw)) != 0 ||
        memcmp(raw, its_magic, sizeof(its_magic)) != 0) {
        (void)close(fd);
        return PSA_ERROR_DATA_CORRUPT;
    }
    h->flags = ejwt_get_le32(raw + 4);
    h->size = ejwt_get_le32(raw + 8);
    h->crc = ejwt_get_le32(raw + 12);
    if ((uint64_t)st.st_size != (uint64_t)ITS_HEADER_LEN + h->size ||
        (h->flags & ~(uint32_t)PSA_STORAGE_FLAG_WRITE_ONCE) != 0u) {
        (void)close(fd);
        return PSA_ERROR_DATA_CORRUPT;
    }
    *fd_out = fd;
    return PSA_SUCCESS;
}

/* Read the whole data of an open entry, check its CRC, and copy the window
 * [offset, offset + len) into \p out. One pass, no buffer the size of the
 * entry. */
static psa_status_t read_checked(int fd, const its_header *h, uint32_t offset, uint32_t len,
                                 uint8_t *out)
{
    uint8_t chunk[ITS_CHUNK];
    uint8_t hdr[12];
    uint32_t crc;
    uint32_t pos = 0;
    uint32_t end = offset + len;

    memcpy(hdr, its_magic, 4);
    ejwt_put_le32(hdr + 4, h->flags);
    ejwt_put_le32(hdr + 8, h->size);
    crc = ejwt_crc32(0, hdr, sizeof(hdr));
    while (pos < h->size) {
        uint32_t n = h->size - pos < ITS_CHUNK ? h->size - pos : ITS_CHUNK;
        uint32_t lo;
        uint32_t hi;
        if (read_full(fd, chunk, n) != 0) {
            return PSA_ERROR_DATA_CORRUPT;
        }
        crc = ejwt_crc32(crc, chunk, n);
        lo = pos > offset ? pos : offset;
        hi = pos + n < end ? pos + n : end;
        if (lo < hi) {
            memcpy(out + (lo - offset), chunk + (lo - pos), hi - lo);
        }
        pos += n;
    }
    memset(chunk, 0, sizeof(chunk));
    if (crc != h->crc) {
        if (len > 0u) {
            memset(out, 0, len);
        }
        return PSA_ERROR_DATA_CORRUPT;
    }
    return PSA_SUCCESS;
}

psa_status_t psa_its_get_info(psa_storage_uid_t uid, struct psa_storage_info_t *p_info)
{
    its_header h;
    psa_status_t st;
    int fd = -1;

    if (p_info == NULL) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    st = open_entry(uid, &fd, &h);
    if (st == PSA_SUCCESS) {
        st = read_checked(fd, &h, 0, 0, NULL);
        (void)close(fd);
    }
    if (st == PSA_SUCCESS) {
        p_info->size = h.size;
        p_info->flags = h.flags;
    }
    return st;
}

psa_status_t psa_its_get(psa_storage_uid_t uid, uint32_t data_offset, uint32_t data_length,
                         void *p_data, size_t *p_data_length)
{
    its_header h;
    psa_status_t st;
    uint32_t n;
    int fd = -1;

    if (p_data_length == NULL || (p_data == NULL && data_length > 0u)) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    *p_data_length = 0;
    st = open_entry(uid, &fd, &h);
    if (st != PSA_SUCCESS) {
        return st;
    }
    if (data_offset > h.size) {
        (void)close(fd);
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    n = h.size - data_offset < data_length ? h.size - data_offset : data_length;
    st = read_checked(fd, &h, data_offset, n, (uint8_t *)p_data);
    (void)close(fd);
    if (st == PSA_SUCCESS) {
        *p_data_length = n;
    }
    return st;
}

static int sync_dir(void)
{
    const char *dir = ejwt_posix_storage_dir();
    int fd;
    int rc;

    if (dir == NULL) {
        return -1;
    }
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    rc = fsync(fd);
    (void)close(fd);
    return rc;
}

/* Is there a write-once entry under \p uid? A damaged file is not one: its
 * flags cannot be trusted, and refusing would wedge the uid forever. */
static psa_status_t check_writable(psa_storage_uid_t uid)
{
    struct psa_storage_info_t info;
    psa_status_t st = psa_its_get_info(uid, &info);

    if (st == PSA_SUCCESS) {
        return (info.flags & PSA_STORAGE_FLAG_WRITE_ONCE) ? PSA_ERROR_NOT_PERMITTED : PSA_SUCCESS;
    }
    if (st == PSA_ERROR_DOES_NOT_EXIST || st == PSA_ERROR_DATA_CORRUPT) {
        return PSA_SUCCESS;
    }
    return st;
}

psa_status_t psa_its_set(psa_storage_uid_t uid, uint32_t data_length, const void *p_data,
                         psa_storage_create_flags_t create_flags)
{
    char tmp[ITS_PATH_MAX];
    char path[ITS_PATH_MAX];
    uint8_t hdr[ITS_HEADER_LEN];
    const char *dir;
    psa_status_t st;
    int fd;
    int ok;

    if (p_data == NULL && data_length > 0u) {
        return PSA_ERROR_INVALID_ARGUMENT;
    }
    if ((create_flags & ~(psa_storage_create_flags_t)PSA_STORAGE_FLAG_WRITE_ONCE) != 0u) {
        return PSA_ERROR_NOT_SUPPORTED;
    }
    dir = its_dir();
    if (dir == NULL || its_path(path, uid, "its") != 0 || its_path(tmp, uid, "tmp") != 0) {
        return PSA_ERROR_STORAGE_FAILURE;
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        return PSA_ERROR_STORAGE_FAILURE;
    }
    st = check_writable(uid);
    if (st != PSA_SUCCESS) {
        return st;
    }
    memcpy(hdr, its_magic, 4);
    ejwt_put_le32(hdr + 4, create_flags);
    ejwt_put_le32(hdr + 8, data_length);
    ejwt_put_le32(hdr + 12,
                  ejwt_crc32(ejwt_crc32(0, hdr, 12), (const uint8_t *)p_data, data_length));

    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return PSA_ERROR_STORAGE_FAILURE;
    }
    ok = write_full(fd, hdr, sizeof(hdr)) == 0 &&
         write_full(fd, (const uint8_t *)p_data, data_length) == 0 && fsync(fd) == 0;
    ok = (close(fd) == 0) && ok;
    if (!ok) {
        (void)unlink(tmp);
        return errno == ENOSPC ? PSA_ERROR_INSUFFICIENT_STORAGE : PSA_ERROR_STORAGE_FAILURE;
    }
    if (rename(tmp, path) != 0) {
        (void)unlink(tmp);
        return PSA_ERROR_STORAGE_FAILURE;
    }
    /* The rename is durable only once the directory is on disk. */
    return sync_dir() == 0 ? PSA_SUCCESS : PSA_ERROR_STORAGE_FAILURE;
}

psa_status_t psa_its_remove(psa_storage_uid_t uid)
{
    char path[ITS_PATH_MAX];
    struct psa_storage_info_t info;
    psa_status_t st;

    if (ejwt_posix_storage_dir() == NULL) {
        return PSA_ERROR_DOES_NOT_EXIST;
    }
    if (its_path(path, uid, "its") != 0) {
        return PSA_ERROR_STORAGE_FAILURE;
    }
    st = psa_its_get_info(uid, &info);
    if (st == PSA_SUCCESS && (info.flags & PSA_STORAGE_FLAG_WRITE_ONCE)) {
        return PSA_ERROR_NOT_PERMITTED;
    }
    if (st != PSA_SUCCESS && st != PSA_ERROR_DATA_CORRUPT) {
        return st;
    }
    if (unlink(path) != 0) {
        return errno == ENOENT ? PSA_ERROR_DOES_NOT_EXIST : PSA_ERROR_STORAGE_FAILURE;
    }
    return sync_dir() == 0 ? PSA_SUCCESS : PSA_ERROR_STORAGE_FAILURE;
}
