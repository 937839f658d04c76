/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "berth-engine.h"

G_BEGIN_DECLS

/* What a path in a container's filesystem is. */
typedef enum
{
  BERTH_FILE_KIND_FILE,
  BERTH_FILE_KIND_DIRECTORY,
  BERTH_FILE_KIND_SYMLINK,
  BERTH_FILE_KIND_OTHER,      /* device, named pipe, socket */
} BerthFileKind;

typedef enum
{
  BERTH_ARCHIVE_LIST_DEFAULT = 0,
  BERTH_ARCHIVE_LIST_NO_EXEC = 1 << 0,  /* always read the archive stream */
} BerthArchiveListFlags;

/* How a folder was listed (see berth_archive_list_async()). */
typedef enum
{
  BERTH_ARCHIVE_LIST_METHOD_EXEC,
  BERTH_ARCHIVE_LIST_METHOD_ARCHIVE,
} BerthArchiveListMethod;

/* The most a text viewer should ask berth_archive_read_file_async() for. */
#define BERTH_ARCHIVE_TEXT_MAX_SIZE (1024 * 1024)

/* One file, folder or link in a container's filesystem. */
#define BERTH_TYPE_FILE_ENTRY (berth_file_entry_get_type ())

G_DECLARE_FINAL_TYPE (BerthFileEntry, berth_file_entry, BERTH, FILE_ENTRY, GObject)

const char    *berth_file_entry_get_name        (BerthFileEntry *self);
const char    *berth_file_entry_get_path        (BerthFileEntry *self);
BerthFileKind  berth_file_entry_get_kind        (BerthFileEntry *self);
guint64        berth_file_entry_get_size        (BerthFileEntry *self);
guint          berth_file_entry_get_mode        (BerthFileEntry *self);
const char    *berth_file_entry_get_mode_string (BerthFileEntry *self);
gint64         berth_file_entry_get_uid         (BerthFileEntry *self);
gint64         berth_file_entry_get_gid         (BerthFileEntry *self);
const char    *berth_file_entry_get_user        (BerthFileEntry *self);
const char    *berth_file_entry_get_group       (BerthFileEntry *self);
gint64         berth_file_entry_get_mtime       (BerthFileEntry *self);
const char    *berth_file_entry_get_link_target (BerthFileEntry *self);

/* Called on the caller's main context with each batch of entries of a
 * listing, in the order they come (element type BerthFileEntry, transfer
 * none: take a reference to keep one). */
typedef void (*BerthFileEntriesFunc)       (GPtrArray *entries,
                                            gpointer   user_data);

/* Called on the caller's main context as bytes move; @total is 0 when it
 * is not known in advance (folders). */
typedef void (*BerthTransferProgressFunc)  (guint64    done,
                                            guint64    total,
                                            gpointer   user_data);

/* Paths inside a container: pure helpers. */
typedef struct
{
  char *label;  /* "/" for the root, else the folder's name */
  char *path;   /* normalised, e.g. "/usr/bin" */
} BerthPathCrumb;

void        berth_path_crumb_free              (BerthPathCrumb  *crumb);
char       *berth_archive_path_normalize       (const char      *path);
char       *berth_archive_path_parent          (const char      *path);
char       *berth_archive_path_basename        (const char      *path);
char       *berth_archive_path_join            (const char      *folder,
                                                const char      *name);
GPtrArray  *berth_archive_path_breadcrumbs     (const char      *path);
char       *berth_archive_mode_to_string       (guint            mode);
BerthFileEntry *berth_archive_decode_path_stat (const char      *path,
                                                const char      *header,
                                                GError         **error);

/* docker cp, one way or the other. The same spec builds the request and
 * the equivalent command. */
typedef struct
{
  char  *container;   /* id or name in the API path */
  char  *name;        /* how the CLI names it; container when NULL */
  char  *path;        /* the file or folder in the container */
  char  *local_path;  /* what to create here; must not exist yet */
} BerthDownloadSpec;

typedef struct
{
  char      *container;
  char      *name;
  char     **sources;    /* local files and folders */
  char      *path;       /* the container folder to put them in */
  gboolean   overwrite;  /* replace what exists there; otherwise refuse */
} BerthUploadSpec;

#define BERTH_TYPE_DOWNLOAD_SPEC (berth_download_spec_get_type ())
#define BERTH_TYPE_UPLOAD_SPEC (berth_upload_spec_get_type ())

GType              berth_download_spec_get_type   (void) G_GNUC_CONST;
BerthDownloadSpec *berth_download_spec_new        (const char              *container,
                                                   const char              *name,
                                                   const char              *path,
                                                   const char              *local_path);
BerthDownloadSpec *berth_download_spec_copy       (const BerthDownloadSpec *self);
void               berth_download_spec_free       (BerthDownloadSpec       *self);
gboolean           berth_download_spec_validate   (const BerthDownloadSpec *self,
                                                   GError                 **error);
char              *berth_download_spec_to_request (const BerthDownloadSpec *self);
char             **berth_download_spec_to_argv    (const BerthDownloadSpec *self);
char              *berth_download_spec_to_command (const BerthDownloadSpec *self);

GType              berth_upload_spec_get_type     (void) G_GNUC_CONST;
BerthUploadSpec   *berth_upload_spec_new          (const char              *container,
                                                   const char              *name,
                                                   const char * const      *sources,
                                                   const char              *path);
BerthUploadSpec   *berth_upload_spec_copy         (const BerthUploadSpec   *self);
void               berth_upload_spec_free         (BerthUploadSpec         *self);
gboolean           berth_upload_spec_validate     (const BerthUploadSpec   *self,
                                                   GError                 **error);
char              *berth_upload_spec_to_request   (const BerthUploadSpec   *self);
char             **berth_upload_spec_to_argv      (const BerthUploadSpec   *self,
                                                   guint                    source);
char              *berth_upload_spec_to_command   (const BerthUploadSpec   *self);

/* Engine operations. */
void             berth_archive_stat_async           (BerthEngine              *engine,
                                                     const char               *container,
                                                     const char               *path,
                                                     GCancellable             *cancellable,
                                                     GAsyncReadyCallback       callback,
                                                     gpointer                  user_data);
BerthFileEntry  *berth_archive_stat_finish          (BerthEngine              *engine,
                                                     GAsyncResult             *result,
                                                     GError                  **error);
void             berth_archive_find_existing_async  (BerthEngine              *engine,
                                                     const char               *container,
                                                     const char               *folder,
                                                     const char * const       *names,
                                                     GCancellable             *cancellable,
                                                     GAsyncReadyCallback       callback,
                                                     gpointer                  user_data);
char           **berth_archive_find_existing_finish (BerthEngine              *engine,
                                                     GAsyncResult             *result,
                                                     GError                  **error);
void             berth_archive_list_async           (BerthEngine              *engine,
                                                     const char               *container,
                                                     const char               *path,
                                                     BerthArchiveListFlags     flags,
                                                     BerthFileEntriesFunc      entries_func,
                                                     gpointer                  entries_data,
                                                     GDestroyNotify            entries_destroy,
                                                     GCancellable             *cancellable,
                                                     GAsyncReadyCallback       callback,
                                                     gpointer                  user_data);
BerthFileEntry  *berth_archive_list_finish          (BerthEngine              *engine,
                                                     GAsyncResult             *result,
                                                     BerthArchiveListMethod   *method,
                                                     GError                  **error);
void             berth_archive_list_image_async     (BerthEngine              *engine,
                                                     const char               *image,
                                                     const char               *path,
                                                     BerthFileEntriesFunc      entries_func,
                                                     gpointer                  entries_data,
                                                     GDestroyNotify            entries_destroy,
                                                     GCancellable             *cancellable,
                                                     GAsyncReadyCallback       callback,
                                                     gpointer                  user_data);
BerthFileEntry  *berth_archive_list_image_finish    (BerthEngine              *engine,
                                                     GAsyncResult             *result,
                                                     GError                  **error);
void             berth_archive_download_async       (BerthEngine              *engine,
                                                     const BerthDownloadSpec  *spec,
                                                     BerthTransferProgressFunc progress_func,
                                                     gpointer                  progress_data,
                                                     GDestroyNotify            progress_destroy,
                                                     GCancellable             *cancellable,
                                                     GAsyncReadyCallback       callback,
                                                     gpointer                  user_data);
gboolean         berth_archive_download_finish      (BerthEngine              *engine,
                                                     GAsyncResult             *result,
                                                     GError                  **error);
void             berth_archive_upload_async         (BerthEngine              *engine,
                                                     const BerthUploadSpec    *spec,
                                                     BerthTransferProgressFunc progress_func,
                                                     gpointer                  progress_data,
                                                     GDestroyNotify            progress_destroy,
                                                     GCancellable             *cancellable,
                                                     GAsyncReadyCallback       callback,
                                                     gpointer                  user_data);
gboolean         berth_archive_upload_finish        (BerthEngine              *engine,
                                                     GAsyncResult             *result,
                                                     GError                  **error);
void             berth_archive_read_file_async      (BerthEngine              *engine,
                                                     const char               *container,
                                                     const char               *path,
                                                     gsize                     max_size,
                                                     GCancellable             *cancellable,
                                                     GAsyncReadyCallback       callback,
                                                     gpointer                  user_data);
GBytes          *berth_archive_read_file_finish     (BerthEngine              *engine,
                                                     GAsyncResult             *result,
                                                     GError                  **error);
gboolean         berth_archive_bytes_look_like_text (GBytes                   *bytes);
void             berth_archive_save_stream_async    (GInputStream             *stream,
                                                     const char               *local_path,
                                                     guint64                   total,
                                                     BerthTransferProgressFunc progress_func,
                                                     gpointer                  progress_data,
                                                     GDestroyNotify            progress_destroy,
                                                     GCancellable             *cancellable,
                                                     GAsyncReadyCallback       callback,
                                                     gpointer                  user_data);
gboolean         berth_archive_save_stream_finish   (GAsyncResult             *result,
                                                     GError                  **error);

/* The tar and output readers the operations above run, on data held in
 * memory: for tests and fuzzing. */
GPtrArray       *berth_archive_list_tar             (GBytes                   *tar,
                                                     const char               *folder,
                                                     GError                  **error);
gboolean         berth_archive_extract_tar          (GBytes                   *tar,
                                                     const char               *local_path,
                                                     GError                  **error);
GBytes          *berth_archive_read_tar             (GBytes                   *tar,
                                                     gsize                     max_size,
                                                     GError                  **error);
GPtrArray       *berth_archive_parse_listing        (const char               *folder,
                                                     const char               *output,
                                                     gsize                     length,
                                                     GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthPathCrumb, berth_path_crumb_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthDownloadSpec, berth_download_spec_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BerthUploadSpec, berth_upload_spec_free)

G_END_DECLS
