/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "berth-build.h"
#include "berth-engine-enums.h"
#include "berth-engine-error.h"
#include "berth-json-private.h"
#include "berth-reference.h"
#include "berth-shell.h"

/* docker build with the classic builder: the context folder is walked on a
 * worker thread (honouring .dockerignore as docker does), written as a tar
 * with libarchive straight into one end of a socket pair whose other end is
 * the request body, so the context is never held in memory. The answer is a
 * JSON-lines stream of step output, turned into lines for a log view. */

/* The spec ---------------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (BerthBuildSpec, berth_build_spec, berth_build_spec_copy, berth_build_spec_free)

BerthBuildSpec *
berth_build_spec_new (const char *context_dir)
{
  BerthBuildSpec *self = g_new0 (BerthBuildSpec, 1);

  self->context_dir = g_strdup (context_dir);
  return self;
}

BerthBuildSpec *
berth_build_spec_copy (const BerthBuildSpec *self)
{
  BerthBuildSpec *copy = g_memdup2 (self, sizeof *self);

  copy->context_dir = g_strdup (self->context_dir);
  copy->dockerfile = g_strdup (self->dockerfile);
  copy->tags = g_strdupv (self->tags);
  copy->build_args = g_strdupv (self->build_args);
  copy->target = g_strdup (self->target);
  return copy;
}

void
berth_build_spec_free (BerthBuildSpec *self)
{
  if (self == NULL)
    return;

  g_free (self->context_dir);
  g_free (self->dockerfile);
  g_strfreev (self->tags);
  g_strfreev (self->build_args);
  g_free (self->target);
  g_free (self);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

const char *
berth_build_spec_get_dockerfile (const BerthBuildSpec *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return has_text (self->dockerfile) ? self->dockerfile : BERTH_BUILD_DEFAULT_DOCKERFILE;
}

static gboolean
validate_build_arg (const char  *arg,
                    GError     **error)
{
  const char *eq = strchr (arg, '=');

  if (eq == NULL || eq == arg)
    return berth_engine_error_invalid (error, _("A build argument is written KEY=VALUE, like “VERSION=1.2”"));

  for (const char *p = arg; p < eq; p++)
    {
      if (g_ascii_isspace (*p))
        return berth_engine_error_invalid (error, _("The build argument name in “%s” contains a space"), arg);
    }

  return TRUE;
}

static gboolean
validate_target (const char  *target,
                 GError     **error)
{
  for (const char *p = target; *p; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("_.-", *p) == NULL)
        return berth_engine_error_invalid (error, _("“%s” is not a stage name; stages are named with letters, digits, “_”, “.” and “-”, like “builder”"),
                                           target);
    }
  return TRUE;
}

/**
 * berth_build_spec_validate:
 *
 * Checks what was filled in, without touching the disk.
 */
gboolean
berth_build_spec_validate (const BerthBuildSpec  *self,
                           GError               **error)
{
  g_autofree char *clean = NULL;
  const char *dockerfile;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!has_text (self->context_dir))
    return berth_engine_error_invalid (error, _("Choose the folder to build from (the build context)"));
  if (!g_path_is_absolute (self->context_dir))
    return berth_engine_error_invalid (error, _("The build context must be a full folder path, like “/home/me/app”"));

  dockerfile = berth_build_spec_get_dockerfile (self);
  clean = berth_clean_path (dockerfile);
  if (g_path_is_absolute (dockerfile) || g_str_has_prefix (clean, "..") || strcmp (clean, ".") == 0)
    return berth_engine_error_invalid (error, _("The Dockerfile must be inside the build context, like “Dockerfile” or “docker/Dockerfile.dev”"));

  for (guint i = 0; self->tags != NULL && self->tags[i] != NULL; i++)
    {
      g_autoptr (BerthReference) reference = berth_reference_parse (self->tags[i], error);

      if (reference == NULL)
        return FALSE;
      if (berth_reference_get_digest (reference) != NULL)
        return berth_engine_error_invalid (error, _("A tag cannot contain a digest; write it like “myapp:1.0”"));
    }

  for (guint i = 0; self->build_args != NULL && self->build_args[i] != NULL; i++)
    {
      if (!validate_build_arg (self->build_args[i], error))
        return FALSE;
    }

  if (has_text (self->target) && !validate_target (self->target, error))
    return FALSE;

  return TRUE;
}

static void
append_query (GString    *path,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_c (path, strchr (path->str, '?') ? '&' : '?');
  g_string_append_printf (path, "%s=%s", name, escaped);
}

static char *
build_args_json (char **args)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    {
      const char *eq = strchr (args[i], '=');
      g_autofree char *key = g_strndup (args[i], eq - args[i]);

      json_builder_set_member_name (builder, key);
      json_builder_add_string_value (builder, eq + 1);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/**
 * berth_build_spec_build_request:
 * @method: (out): the HTTP method
 * @path: (out): the API path with its query, escaped, e.g.
 *   /build?t=app%3A1&dockerfile=Dockerfile&buildargs=%7B%7D&rm=1
 */
gboolean
berth_build_spec_build_request (const BerthBuildSpec  *self,
                                const char            *api_version,
                                const char           **method,
                                char                 **path,
                                GError               **error)
{
  g_autofree char *dockerfile = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!berth_build_spec_validate (self, error))
    return FALSE;

  out = g_string_new ("/build");
  for (guint i = 0; self->tags != NULL && self->tags[i] != NULL; i++)
    append_query (out, "t", self->tags[i]);

  dockerfile = berth_clean_path (berth_build_spec_get_dockerfile (self));
  append_query (out, "dockerfile", dockerfile);

  if (self->build_args != NULL && self->build_args[0] != NULL)
    {
      g_autofree char *json = build_args_json (self->build_args);

      append_query (out, "buildargs", json);
    }
  if (has_text (self->target))
    append_query (out, "target", self->target);
  if (self->no_cache)
    append_query (out, "nocache", "1");
  if (self->pull)
    append_query (out, "pull", "1");
  append_query (out, "rm", "1");
  if (self->force_rm)
    append_query (out, "forcerm", "1");

  *method = SOUP_METHOD_POST;
  *path = g_string_free (out, FALSE);
  return TRUE;
}

/**
 * berth_build_spec_to_argv:
 *
 * Returns: (transfer full): e.g. { "docker", "build", "-t", "app:1",
 *   "--build-arg", "V=2", "/home/me/app", NULL }; -f names the Dockerfile's
 *   full path when it is not the default, as docker reads -f from the
 *   current folder
 */
char **
berth_build_spec_to_argv (const BerthBuildSpec *self)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();
  g_autofree char *dockerfile = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  g_strv_builder_addv (argv, (const char *[]) { "docker", "build", NULL });
  for (guint i = 0; self->tags != NULL && self->tags[i] != NULL; i++)
    g_strv_builder_addv (argv, (const char *[]) { "-t", self->tags[i], NULL });

  dockerfile = berth_clean_path (berth_build_spec_get_dockerfile (self));
  if (strcmp (dockerfile, BERTH_BUILD_DEFAULT_DOCKERFILE) != 0)
    {
      g_autofree char *full = g_build_filename (self->context_dir ? self->context_dir : ".",
                                                dockerfile, NULL);

      g_strv_builder_addv (argv, (const char *[]) { "-f", full, NULL });
    }

  for (guint i = 0; self->build_args != NULL && self->build_args[i] != NULL; i++)
    g_strv_builder_addv (argv, (const char *[]) { "--build-arg", self->build_args[i], NULL });
  if (has_text (self->target))
    g_strv_builder_addv (argv, (const char *[]) { "--target", self->target, NULL });
  if (self->no_cache)
    g_strv_builder_add (argv, "--no-cache");
  if (self->pull)
    g_strv_builder_add (argv, "--pull");
  if (self->force_rm)
    g_strv_builder_add (argv, "--force-rm");
  g_strv_builder_add (argv, has_text (self->context_dir) ? self->context_dir : ".");

  return g_strv_builder_end (argv);
}

char *
berth_build_spec_to_command (const BerthBuildSpec *self)
{
  g_auto (GStrv) argv = berth_build_spec_to_argv (self);

  return berth_shell_join ((const char * const *) argv);
}

/* Walking the context ---------------------------------------------------------- */

typedef gboolean (*VisitFunc) (const char         *relative,
                               const char         *full,
                               const struct stat  *st,
                               gpointer            user_data,
                               GError            **error);

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
list_dir (const char  *path,
          GError     **error)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, error);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  return g_steal_pointer (&names);
}

static gboolean
unreadable (GError     **error,
            const char  *relative,
            int          saved_errno)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("“%s” in the build context cannot be read: %s"), relative, g_strerror (saved_errno));
  return FALSE;
}

/* Visits what docker would send, in docker's (lexical) order. Excluded
 * directories are still entered when an exception names something in
 * them; the directory entry itself is then left out, as docker does. */
static gboolean
walk (const char         *root,
      const char         *relative,
      BerthDockerignore  *ignore,
      VisitFunc           visit,
      gpointer            user_data,
      guint64            *excluded,
      GCancellable       *cancellable,
      GError            **error)
{
  g_autofree char *dir_path = relative ? g_build_filename (root, relative, NULL) : g_strdup (root);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GPtrArray) names = list_dir (dir_path, &local_error);

  if (names == NULL)
    {
      g_set_error (error, G_IO_ERROR, local_error->code,
                   _("The folder “%s” in the build context cannot be read: %s"),
                   relative ? relative : ".", local_error->message);
      return FALSE;
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *child = relative ? g_strconcat (relative, "/", name, NULL) : g_strdup (name);
      g_autofree char *full = g_build_filename (root, child, NULL);
      gboolean is_dir;
      struct stat st;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (g_lstat (full, &st) != 0)
        return unreadable (error, child, errno);
      is_dir = S_ISDIR (st.st_mode);

      if (ignore != NULL && berth_dockerignore_excludes (ignore, child))
        {
          if (!is_dir || !berth_dockerignore_must_enter (ignore, child))
            {
              (*excluded)++;
              continue;
            }
        }
      else if (!visit (child, full, &st, user_data, error))
        return FALSE;

      if (is_dir && !walk (root, child, ignore, visit, user_data, excluded, cancellable, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_sendable (const struct stat *st)
{
  /* Sockets, devices and pipes are not build input. */
  return S_ISREG (st->st_mode) || S_ISDIR (st->st_mode) || S_ISLNK (st->st_mode);
}

/* Reads .dockerignore (when there is one) and keeps the Dockerfile and the
 * .dockerignore itself, which docker always sends. */
static BerthDockerignore *
load_ignore (const char  *context_dir,
             const char  *dockerfile,
             GError     **error)
{
  g_autofree char *path = g_build_filename (context_dir, ".dockerignore", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (BerthDockerignore) ignore = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &text, &length, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("The .dockerignore file cannot be read: %s"), local_error->message);
          return NULL;
        }
      text = g_strdup ("");
      length = 0;
    }

  ignore = berth_dockerignore_new_from_data (text, length, error);
  if (ignore == NULL)
    return NULL;

  berth_dockerignore_keep (ignore, ".dockerignore");
  if (dockerfile != NULL)
    berth_dockerignore_keep (ignore, dockerfile);
  return g_steal_pointer (&ignore);
}

/* Checks the context and its Dockerfile before anything is sent. */
static BerthDockerignore *
prepare_context (const BerthBuildSpec  *spec,
                 GError               **error)
{
  g_autofree char *dockerfile = berth_clean_path (berth_build_spec_get_dockerfile (spec));
  g_autofree char *dockerfile_path = g_build_filename (spec->context_dir, dockerfile, NULL);

  if (!g_file_test (spec->context_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The build context “%s” is not a folder"), spec->context_dir);
      return NULL;
    }

  if (!g_file_test (dockerfile_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no “%s” in the build context; choose the Dockerfile to build"),
                   dockerfile);
      return NULL;
    }

  return load_ignore (spec->context_dir, dockerfile, error);
}

static gboolean
count_entry (const char         *relative,
             const char         *full,
             const struct stat  *st,
             gpointer            user_data,
             GError            **error)
{
  BerthBuildContext *context = user_data;

  if (S_ISDIR (st->st_mode))
    context->directories++;
  else if (is_sendable (st))
    {
      context->files++;
      if (S_ISREG (st->st_mode))
        context->bytes += (guint64) st->st_size;
    }

  return TRUE;
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const BerthBuildSpec *spec = task_data;
  g_autoptr (BerthDockerignore) ignore = NULL;
  BerthBuildContext *context = g_new0 (BerthBuildContext, 1);
  GError *error = NULL;

  ignore = prepare_context (spec, &error);
  if (ignore == NULL ||
      !walk (spec->context_dir, NULL, ignore, count_entry, context, &context->excluded, cancellable, &error))
    {
      g_free (context);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, context, g_free);
}

/**
 * berth_build_context_scan_async:
 *
 * Counts what the build would send (honouring .dockerignore) on a worker
 * thread, so the size can be shown, and a huge context questioned, before
 * sending it. Also checks that the Dockerfile is there.
 */
void
berth_build_context_scan_async (const BerthBuildSpec *spec,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (spec != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_build_context_scan_async);

  if (!berth_build_spec_validate (spec, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (task, berth_build_spec_copy (spec), (GDestroyNotify) berth_build_spec_free);
  g_task_run_in_thread (task, scan_thread);
}

/**
 * berth_build_context_scan_finish:
 * @context: (out caller-allocates): what the context holds
 */
gboolean
berth_build_context_scan_finish (GAsyncResult       *result,
                                 BerthBuildContext  *context,
                                 GError            **error)
{
  g_autofree BerthBuildContext *found = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (context != NULL, FALSE);

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return FALSE;

  *context = *found;
  return TRUE;
}

/* Writing the tar ------------------------------------------------------------------ */

typedef struct
{
  struct archive *archive;
  int             fd;
  gboolean        is_socket;
  gboolean        failed;
  guint64        *written;
  GCancellable   *cancellable;
  GError         *error;
  char           *buffer;
} TarWriter;

/* libarchive's write callback: everything goes to the fd, blocking (this
 * runs on a worker thread). MSG_NOSIGNAL: a closed reader is an error, not
 * a SIGPIPE. */
static la_ssize_t
tar_write_cb (struct archive *archive,
              void           *client_data,
              const void     *buffer,
              size_t          length)
{
  TarWriter *writer = client_data;
  const char *p = buffer;
  size_t left = length;

  /* After a failure nothing more goes out, not even the end-of-archive
   * blocks: the engine must see a broken tar, not a short valid one. */
  if (writer->failed)
    return -1;

  while (left > 0)
    {
      ssize_t n;

      if (g_cancellable_set_error_if_cancelled (writer->cancellable, &writer->error))
        {
          writer->failed = TRUE;
          return -1;
        }

      n = writer->is_socket ? send (writer->fd, p, left, MSG_NOSIGNAL) : write (writer->fd, p, left);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (&writer->error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("The build context could not be sent: %s"), g_strerror (saved_errno));
          writer->failed = TRUE;
          return -1;
        }

      p += n;
      left -= (size_t) n;
      __atomic_fetch_add (writer->written, (guint64) n, __ATOMIC_RELAXED);
    }

  return (la_ssize_t) length;
}

static gboolean
archive_failed (TarWriter       *writer,
                struct archive  *archive,
                GError         **error)
{
  writer->failed = TRUE;
  if (writer->error != NULL)
    g_propagate_error (error, g_steal_pointer (&writer->error));
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 _("The build context could not be packed: %s"),
                 archive_error_string (archive) ? archive_error_string (archive) : g_strerror (archive_errno (archive)));
  return FALSE;
}

static gboolean
write_file_data (TarWriter       *writer,
                 struct archive  *archive,
                 const char      *relative,
                 const char      *full,
                 gint64           size,
                 GError         **error)
{
  int fd = g_open (full, O_RDONLY | O_CLOEXEC, 0);
  gint64 left = size;

  if (fd < 0)
    return unreadable (error, relative, errno);

  /* A file that changes while it is sent keeps the size it had: libarchive
   * pads a short one, and a longer one is cut. */
  while (left > 0)
    {
      ssize_t n = read (fd, writer->buffer, (size_t) MIN (left, 64 * 1024));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          return unreadable (error, relative, saved_errno);
        }
      if (n == 0)
        break;
      if (archive_write_data (archive, writer->buffer, (size_t) n) < 0)
        {
          close (fd);
          return archive_failed (writer, archive, error);
        }
      left -= n;
    }

  close (fd);
  return TRUE;
}

static gboolean
write_entry (const char         *relative,
             const char         *full,
             const struct stat  *st,
             gpointer            user_data,
             GError            **error)
{
  TarWriter *writer = user_data;
  struct archive *archive = writer->archive;
  g_autofree char *target = NULL;
  struct archive_entry *entry;
  int status;

  if (!is_sendable (st))
    return TRUE;

  if (S_ISLNK (st->st_mode))
    {
      target = g_file_read_link (full, NULL);
      if (target == NULL)
        return unreadable (error, relative, errno);
    }

  entry = archive_entry_new ();
  archive_entry_set_pathname (entry, relative);
  archive_entry_set_mode (entry, st->st_mode);
  archive_entry_set_mtime (entry, st->st_mtime, 0);
  /* As docker sends it: owned by root inside the image. */
  archive_entry_set_uid (entry, 0);
  archive_entry_set_gid (entry, 0);
  if (S_ISREG (st->st_mode))
    archive_entry_set_size (entry, st->st_size);
  else
    archive_entry_set_size (entry, 0);
  if (target != NULL)
    archive_entry_set_symlink (entry, target);

  status = archive_write_header (archive, entry);
  archive_entry_free (entry);
  if (status < ARCHIVE_WARN)
    return archive_failed (writer, archive, error);

  if (S_ISREG (st->st_mode) && st->st_size > 0 &&
      !write_file_data (writer, archive, relative, full, st->st_size, error))
    return FALSE;

  return TRUE;
}

/**
 * berth_build_context_write:
 * @context_dir: the folder to pack
 * @ignore: (nullable): what to leave out
 * @fd: where to write the tar (a socket, pipe or file); not closed
 * @bytes_written: (nullable): counts the bytes written, atomically, so
 *   another thread can read it while this runs
 *
 * Writes the context as an uncompressed tar, entry by entry, never holding
 * more than a block of it. Blocks: call it on a worker thread.
 */
gboolean
berth_build_context_write (const char         *context_dir,
                           BerthDockerignore  *ignore,
                           int                 fd,
                           guint64            *bytes_written,
                           GCancellable       *cancellable,
                           GError            **error)
{
  guint64 written = 0;
  guint64 excluded = 0;
  TarWriter writer = { 0, };
  struct archive *archive;
  struct stat st;
  gboolean ok;

  g_return_val_if_fail (context_dir != NULL, FALSE);
  g_return_val_if_fail (fd >= 0, FALSE);

  writer.fd = fd;
  writer.is_socket = fstat (fd, &st) == 0 && S_ISSOCK (st.st_mode);
  writer.written = bytes_written ? bytes_written : &written;
  writer.cancellable = cancellable;
  writer.buffer = g_malloc (64 * 1024);

  archive = writer.archive = archive_write_new ();
  archive_write_set_format_pax_restricted (archive);
  archive_write_set_bytes_per_block (archive, 32 * 1024);
  archive_write_set_bytes_in_last_block (archive, 1);

  ok = archive_write_open2 (archive, &writer, NULL, tar_write_cb, NULL, NULL) == ARCHIVE_OK;
  if (!ok)
    archive_failed (&writer, archive, error);
  else
    ok = walk (context_dir, NULL, ignore, write_entry, &writer, &excluded, cancellable, error);

  if (ok && archive_write_close (archive) != ARCHIVE_OK)
    ok = archive_failed (&writer, archive, error);

  writer.failed |= !ok;
  archive_write_free (archive);
  g_clear_error (&writer.error);
  g_free (writer.buffer);
  return ok;
}

/* The build ---------------------------------------------------------------------- */

struct _BerthBuild
{
  GObject          parent_instance;

  BerthBuildSpec  *spec;
  BerthProgress   *pull_progress;

  BerthBuildPhase  phase;
  char            *step;
  guint            step_number;
  guint            step_count;
  char            *image_id;
  char            *built_id;      /* from "Successfully built …", in case aux is missing */
  char            *failed_step;
  guint64          sent_bytes;

  GString         *pending;       /* text of a line not yet ended */
  gboolean         running;
};

enum {
  PROP_0,
  PROP_PHASE,
  PROP_STEP,
  PROP_STEP_NUMBER,
  PROP_STEP_COUNT,
  PROP_IMAGE_ID,
  PROP_FAILED_STEP,
  PROP_SENT_BYTES,
  N_PROPS
};

enum {
  LINE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BerthBuild, berth_build, G_TYPE_OBJECT)

static void
berth_build_finalize (GObject *object)
{
  BerthBuild *self = BERTH_BUILD (object);

  berth_build_spec_free (self->spec);
  g_clear_object (&self->pull_progress);
  g_free (self->step);
  g_free (self->image_id);
  g_free (self->built_id);
  g_free (self->failed_step);
  g_string_free (self->pending, TRUE);

  G_OBJECT_CLASS (berth_build_parent_class)->finalize (object);
}

static void
berth_build_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BerthBuild *self = BERTH_BUILD (object);

  switch (prop_id)
    {
    case PROP_PHASE: g_value_set_enum (value, self->phase); break;
    case PROP_STEP: g_value_set_string (value, self->step); break;
    case PROP_STEP_NUMBER: g_value_set_uint (value, self->step_number); break;
    case PROP_STEP_COUNT: g_value_set_uint (value, self->step_count); break;
    case PROP_IMAGE_ID: g_value_set_string (value, self->image_id); break;
    case PROP_FAILED_STEP: g_value_set_string (value, self->failed_step); break;
    case PROP_SENT_BYTES: g_value_set_uint64 (value, self->sent_bytes); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
berth_build_class_init (BerthBuildClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = berth_build_finalize;
  object_class->get_property = berth_build_get_property;

  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL, BERTH_TYPE_BUILD_PHASE, BERTH_BUILD_PHASE_IDLE, flags);
  /**
   * BerthBuild:step:
   *
   * The step being run, as the builder says it: "Step 2/5 : RUN make".
   */
  properties[PROP_STEP] =
    g_param_spec_string ("step", NULL, NULL, NULL, flags);
  properties[PROP_STEP_NUMBER] =
    g_param_spec_uint ("step-number", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_STEP_COUNT] =
    g_param_spec_uint ("step-count", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_IMAGE_ID] =
    g_param_spec_string ("image-id", NULL, NULL, NULL, flags);
  /**
   * BerthBuild:failed-step:
   *
   * The step that failed ("Step 3/4 : RUN make test"), once a step failed.
   */
  properties[PROP_FAILED_STEP] =
    g_param_spec_string ("failed-step", NULL, NULL, NULL, flags);
  /**
   * BerthBuild:sent-bytes:
   *
   * How much of the context has been sent; compare with the size from
   * berth_build_context_scan_async().
   */
  properties[PROP_SENT_BYTES] =
    g_param_spec_uint64 ("sent-bytes", NULL, NULL, 0, G_MAXUINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BerthBuild::line:
   * @kind: a #BerthBuildLineKind
   * @text: one line of output, without its newline
   *
   * Each line of the build's output, for a log view.
   */
  signals[LINE] =
    g_signal_new ("line", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  BERTH_TYPE_BUILD_LINE_KIND, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
berth_build_init (BerthBuild *self)
{
  self->pull_progress = berth_progress_new ();
  self->pending = g_string_new (NULL);
}

/**
 * berth_build_new:
 * @spec: what to build; copied
 */
BerthBuild *
berth_build_new (const BerthBuildSpec *spec)
{
  BerthBuild *self;

  g_return_val_if_fail (spec != NULL, NULL);

  self = g_object_new (BERTH_TYPE_BUILD, NULL);
  self->spec = berth_build_spec_copy (spec);
  return self;
}

const BerthBuildSpec *
berth_build_get_spec (BerthBuild *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD (self), NULL);
  return self->spec;
}

BerthBuildPhase
berth_build_get_phase (BerthBuild *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD (self), BERTH_BUILD_PHASE_IDLE);
  return self->phase;
}

const char *
berth_build_get_step (BerthBuild *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD (self), NULL);
  return self->step;
}

guint
berth_build_get_step_number (BerthBuild *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD (self), 0);
  return self->step_number;
}

guint
berth_build_get_step_count (BerthBuild *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD (self), 0);
  return self->step_count;
}

/**
 * berth_build_get_image_id:
 *
 * Returns: (nullable): the built image ("sha256:…"), once built
 */
const char *
berth_build_get_image_id (BerthBuild *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD (self), NULL);
  return self->image_id;
}

const char *
berth_build_get_failed_step (BerthBuild *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD (self), NULL);
  return self->failed_step;
}

guint64
berth_build_get_sent_bytes (BerthBuild *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD (self), 0);
  return self->sent_bytes;
}

/**
 * berth_build_get_pull_progress:
 *
 * Returns: (transfer none): the layers of base images pulled by the build
 */
BerthProgress *
berth_build_get_pull_progress (BerthBuild *self)
{
  g_return_val_if_fail (BERTH_IS_BUILD (self), NULL);
  return self->pull_progress;
}

static void
set_string (BerthBuild  *self,
            char       **field,
            const char  *value,
            int          prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_phase (BerthBuild      *self,
           BerthBuildPhase  phase)
{
  if (self->phase == phase)
    return;

  self->phase = phase;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

static void
set_sent_bytes (BerthBuild *self,
                guint64     sent)
{
  if (self->sent_bytes == sent)
    return;

  self->sent_bytes = sent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT_BYTES]);
}

static void
emit_line (BerthBuild         *self,
           BerthBuildLineKind  kind,
           const char         *text)
{
  g_signal_emit (self, signals[LINE], 0, kind, text);
}

/* "Step 2/5 : RUN make" (Docker), "STEP 2/5: RUN make" (Podman). */
static gboolean
parse_step (const char *line,
            guint      *number,
            guint      *count)
{
  if (g_str_has_prefix (line, "Step "))
    return sscanf (line, "Step %u/%u :", number, count) == 2;
  if (g_str_has_prefix (line, "STEP "))
    return sscanf (line, "STEP %u/%u:", number, count) == 2;
  return FALSE;
}

static void
handle_output_line (BerthBuild *self,
                    const char *line)
{
  guint number = 0, count = 0;

  if (parse_step (line, &number, &count))
    {
      g_object_freeze_notify (G_OBJECT (self));
      set_string (self, &self->step, line, PROP_STEP);
      if (number != self->step_number)
        {
          self->step_number = number;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP_NUMBER]);
        }
      if (count != self->step_count)
        {
          self->step_count = count;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP_COUNT]);
        }
      g_object_thaw_notify (G_OBJECT (self));
      emit_line (self, BERTH_BUILD_LINE_STEP, line);
      return;
    }

  if (g_str_has_prefix (line, "Successfully built "))
    {
      g_free (self->built_id);
      self->built_id = g_strstrip (g_strdup (line + strlen ("Successfully built ")));
    }

  emit_line (self, BERTH_BUILD_LINE_OUTPUT, line);
}

/* "stream" text comes in pieces ("Step 1/4 : FROM x" then "\n"): only whole
 * lines are shown. */
static void
add_stream_text (BerthBuild *self,
                 const char *text)
{
  const char *newline;

  g_string_append (self->pending, text);
  while ((newline = strchr (self->pending->str, '\n')) != NULL)
    {
      g_autofree char *line = g_strndup (self->pending->str, newline - self->pending->str);
      gsize length = strlen (line);

      if (length > 0 && line[length - 1] == '\r')
        line[length - 1] = '\0';
      g_string_erase (self->pending, 0, newline - self->pending->str + 1);
      handle_output_line (self, line);
    }
}

static void
flush_pending (BerthBuild *self)
{
  if (self->pending->len > 0)
    {
      g_autofree char *line = g_strdup (self->pending->str);

      g_string_truncate (self->pending, 0);
      handle_output_line (self, line);
    }
}

static GError *
step_error (BerthBuild   *self,
            const GError *detail)
{
  const char *instruction;
  GError *error;

  if (self->step == NULL)
    return g_error_copy (detail);

  /* "Step 3/4 : RUN make" or "STEP 3/4: RUN make" -> "RUN make" */
  instruction = strchr (self->step, ':');
  instruction = instruction ? instruction + 1 : self->step;
  while (*instruction == ' ')
    instruction++;
  error = g_error_new (detail->domain, detail->code,
                       _("Step %u/%u (%s) failed: %s"),
                       self->step_number, self->step_count, instruction, detail->message);
  return error;
}

static gboolean
feed_status (BerthBuild  *self,
             JsonObject  *object,
             GError     **error)
{
  const char *status = NULL, *id = NULL;

  if (!_berth_json_get_string (object, "status", BERTH_JSON_OPTIONAL, &status, error) ||
      !_berth_json_get_string (object, "id", BERTH_JSON_OPTIONAL, &id, error) ||
      !berth_progress_feed_object (self->pull_progress, object, error))
    return FALSE;

  /* Per-layer updates live in the pull progress; the log gets the rest. */
  if (status != NULL && (id == NULL || g_str_has_prefix (status, "Pulling from ")))
    {
      g_autofree char *line = id ? g_strdup_printf ("%s: %s", id, status) : g_strdup (status);

      flush_pending (self);
      emit_line (self, BERTH_BUILD_LINE_STATUS, line);
    }

  return TRUE;
}

static gboolean
feed_object (BerthBuild  *self,
             JsonObject  *object,
             GError     **error)
{
  g_autoptr (GError) failure = NULL;
  JsonObject *aux = NULL;
  const char *stream = NULL, *id = NULL;

  if (self->phase == BERTH_BUILD_PHASE_SENDING || self->phase == BERTH_BUILD_PHASE_IDLE)
    set_phase (self, BERTH_BUILD_PHASE_BUILDING);

  if (json_object_has_member (object, "errorDetail") || json_object_has_member (object, "error"))
    {
      /* The progress parser knows the error forms; reuse its words. */
      g_autoptr (BerthProgress) scratch = berth_progress_new ();

      berth_progress_feed_object (scratch, object, &failure);
      if (failure != NULL)
        {
          flush_pending (self);
          set_string (self, &self->failed_step, self->step, PROP_FAILED_STEP);
          emit_line (self, BERTH_BUILD_LINE_ERROR, failure->message);
          g_propagate_error (error, step_error (self, failure));
          return FALSE;
        }
    }

  if (!_berth_json_get_string (object, "stream", BERTH_JSON_OPTIONAL, &stream, error) ||
      !_berth_json_get_object (object, "aux", BERTH_JSON_OPTIONAL, &aux, error) ||
      !_berth_json_get_string (aux, "ID", BERTH_JSON_OPTIONAL, &id, error))
    return FALSE;

  if (stream != NULL)
    add_stream_text (self, stream);
  if (id != NULL)
    set_string (self, &self->image_id, id, PROP_IMAGE_ID);
  if (json_object_has_member (object, "status"))
    return feed_status (self, object, error);

  return TRUE;
}

/**
 * berth_build_feed_line:
 * @line: one line of the engine's build answer
 * @length: its length, or -1 when nul-terminated
 *
 * Returns: %FALSE with @error set when the line reports the build failed;
 *   the message names the failed step and gives the builder's words
 */
gboolean
berth_build_feed_line (BerthBuild  *self,
                       const char  *line,
                       gssize       length,
                       GError     **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  g_return_val_if_fail (BERTH_IS_BUILD (self), FALSE);
  g_return_val_if_fail (line != NULL, FALSE);

  if (length < 0)
    length = strlen (line);
  if (length == 0)
    return TRUE;

  if (!json_parser_load_from_data (parser, line, length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;

  return feed_object (self, json_node_get_object (root), error);
}

/* Running ------------------------------------------------------------------------ */

typedef struct
{
  BerthEngine       *engine;
  GCancellable      *cancellable;     /* ours: cancels the request and the writer */
  gulong             cancelled_id;
  GCancellable      *caller;
  BerthDockerignore *ignore;
  GInputStream      *body;            /* our end of the socket pair */
  int                write_fd;        /* the writer's end, closed by the writer */
  guint64            written;         /* updated by the writer thread */
  guint              sent_source;
  gboolean           writer_done;
  GError            *writer_error;
  gboolean           request_done;
  GError            *request_error;
} RunData;

static void
run_data_free (RunData *data)
{
  if (data->caller != NULL && data->cancelled_id != 0)
    g_cancellable_disconnect (data->caller, data->cancelled_id);
  g_clear_object (&data->caller);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->engine);
  g_clear_pointer (&data->ignore, berth_dockerignore_unref);
  g_clear_object (&data->body);
  g_clear_handle_id (&data->sent_source, g_source_remove);
  if (data->write_fd >= 0)
    close (data->write_fd);
  g_clear_error (&data->writer_error);
  g_clear_error (&data->request_error);
  g_free (data);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static void
publish_sent (BerthBuild *self,
              RunData    *data)
{
  set_sent_bytes (self, __atomic_load_n (&data->written, __ATOMIC_RELAXED));
}

static gboolean
sent_tick_cb (gpointer user_data)
{
  GTask *task = user_data;

  publish_sent (g_task_get_source_object (task), g_task_get_task_data (task));
  return G_SOURCE_CONTINUE;
}

/* Both the writer and the request are over: say how it went. The request's
 * own error wins, except that a broken context explains a broken request. */
static void
maybe_complete (GTask *task)
{
  BerthBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!data->writer_done || !data->request_done)
    return;

  g_clear_handle_id (&data->sent_source, g_source_remove);
  publish_sent (self, data);
  self->running = FALSE;

  if (data->caller != NULL && g_cancellable_is_cancelled (data->caller))
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The build was cancelled"));
  else if (data->writer_error != NULL &&
           !g_error_matches (data->writer_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           (data->request_error != NULL || self->image_id == NULL))
    error = g_steal_pointer (&data->writer_error);
  else if (data->request_error != NULL)
    error = g_steal_pointer (&data->request_error);
  else if (self->image_id == NULL && self->built_id == NULL)
    error = g_error_new_literal (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                                 _("The build ended without saying which image it made"));

  if (error != NULL)
    {
      set_phase (self, BERTH_BUILD_PHASE_FAILED);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (self->image_id == NULL)
    set_string (self, &self->image_id, self->built_id, PROP_IMAGE_ID);
  set_phase (self, BERTH_BUILD_PHASE_DONE);
  g_task_return_pointer (task, g_strdup (self->image_id), g_free);
  g_object_unref (task);
}

static void
finish_request (GTask  *task,
                GError *error)
{
  RunData *data = g_task_get_task_data (task);

  data->request_done = TRUE;
  data->request_error = error;
  /* Unblocks a writer the engine stopped reading. */
  if (data->body != NULL && !g_input_stream_is_closed (data->body))
    g_input_stream_close (data->body, NULL, NULL);
  if (error != NULL && !data->writer_done)
    g_cancellable_cancel (data->cancellable);
  maybe_complete (task);
}

static void
writer_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  BerthBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->writer_done = TRUE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      data->writer_error = error;
      /* A context that could not be read must not become a build. */
      if (!data->request_done)
        g_cancellable_cancel (data->cancellable);
    }
  else if (self->phase == BERTH_BUILD_PHASE_SENDING)
    set_phase (self, BERTH_BUILD_PHASE_BUILDING);

  publish_sent (self, data);
  maybe_complete (task);
}

static void
writer_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RunData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  ok = berth_build_context_write (BERTH_BUILD (source_object)->spec->context_dir, data->ignore,
                                  data->write_fd, &data->written, cancellable, &error);
  /* The engine sees the end of the body when this end closes. */
  close (data->write_fd);
  data->write_fd = -1;

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
feed_object_cb (JsonObject  *object,
                gpointer     user_data,
                GError     **error)
{
  return feed_object (BERTH_BUILD (user_data), object, error);
}

static void
lines_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  BerthBuild *self = g_task_get_source_object (task);
  GError *error = NULL;

  berth_json_lines_read_finish (result, &error);
  flush_pending (self);
  finish_request (task, error);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  BerthBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr (GInputStream) stream = NULL;
  GError *error = NULL;

  stream = berth_engine_send_finish (BERTH_ENGINE (object), result, &error);
  if (stream == NULL)
    {
      berth_stream_error_classify (error);
      finish_request (task, error);
      return;
    }

  set_phase (self, BERTH_BUILD_PHASE_BUILDING);
  berth_json_lines_read_async (stream, feed_object_cb, g_object_ref (self), g_object_unref,
                               data->cancellable, lines_cb, task);
}

static gboolean
start_request (GTask   *task,
               GError **error)
{
  BerthBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GTask) writer = NULL;
  g_autofree char *path = NULL;
  const char *method;
  int fds[2];

  if (!berth_build_spec_build_request (self->spec, berth_engine_get_api_version (data->engine),
                                       &method, &path, error))
    return FALSE;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The build context could not be prepared: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  data->body = g_unix_input_stream_new (fds[0], TRUE);
  data->write_fd = fds[1];

  message = berth_engine_new_message (data->engine, method, path);
  soup_message_set_request_body (message, "application/x-tar", data->body, -1);

  writer = g_task_new (self, data->cancellable, writer_done_cb, task);
  g_task_set_task_data (writer, data, NULL);
  g_task_run_in_thread (writer, writer_thread);

  data->sent_source = g_timeout_add (100, sent_tick_cb, task);
  set_phase (self, BERTH_BUILD_PHASE_SENDING);
  berth_engine_send_async (data->engine, message, data->cancellable, send_cb, task);
  return TRUE;
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  BerthDockerignore *ignore = prepare_context (task_data, &error);

  if (ignore == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, ignore, (GDestroyNotify) berth_dockerignore_unref);
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  BerthBuild *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->ignore = g_task_propagate_pointer (G_TASK (result), &error);
  if (data->ignore == NULL || !start_request (task, &error))
    {
      self->running = FALSE;
      set_phase (self, BERTH_BUILD_PHASE_FAILED);
      g_task_return_error (task, error);
      g_object_unref (task);
    }
}

/**
 * berth_build_run_async:
 *
 * Checks the context, then streams it to the engine and follows the build.
 * Lines arrive through #BerthBuild::line; the properties follow the steps.
 * Cancelling stops sending and closes the answer, which stops the build.
 */
void
berth_build_run_async (BerthBuild          *self,
                       BerthEngine         *engine,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr (GTask) prepare = NULL;
  g_autoptr (GError) error = NULL;
  GTask *task;
  RunData *data;

  g_return_if_fail (BERTH_IS_BUILD (self));
  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (!self->running);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_build_run_async);

  data = g_new0 (RunData, 1);
  data->engine = g_object_ref (engine);
  data->write_fd = -1;
  data->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      data->caller = g_object_ref (cancellable);
      data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                  data->cancellable, NULL);
    }
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  if (!berth_build_spec_validate (self->spec, &error))
    {
      set_phase (self, BERTH_BUILD_PHASE_FAILED);
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  self->running = TRUE;
  prepare = g_task_new (self, data->cancellable, prepared_cb, task);
  g_task_set_task_data (prepare, berth_build_spec_copy (self->spec), (GDestroyNotify) berth_build_spec_free);
  g_task_run_in_thread (prepare, prepare_thread);
}

/**
 * berth_build_run_finish:
 *
 * Returns: (transfer full): the built image id ("sha256:…"), or %NULL with
 *   @error set: the failed step and the builder's words for a failed step,
 *   the engine's words otherwise
 */
char *
berth_build_run_finish (BerthBuild    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
