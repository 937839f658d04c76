/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-image-archive.h"
#include "berth-json-private.h"
#include "berth-reference.h"
#include "berth-shell.h"

/* docker save (GET /images/get, streamed to a temporary file beside the
 * target and renamed only when complete), docker load (POST /images/load)
 * and docker import (POST /images/create?fromSrc=-), the last two streaming
 * the file as the request body. Nothing is held in memory whole. */

#define CHUNK_SIZE (64 * 1024)

/* A stream that counts what is read through it ---------------------------------- */

#define BERTH_TYPE_COUNTING_STREAM (berth_counting_stream_get_type ())

G_DECLARE_FINAL_TYPE (BerthCountingStream, berth_counting_stream, BERTH, COUNTING_STREAM, GFilterInputStream)

struct _BerthCountingStream
{
  GFilterInputStream parent_instance;

  guint64            count;   /* atomic: libsoup may read on another thread */
};

G_DEFINE_FINAL_TYPE (BerthCountingStream, berth_counting_stream, G_TYPE_FILTER_INPUT_STREAM)

static gssize
berth_counting_stream_read (GInputStream  *stream,
                            void          *buffer,
                            gsize          count,
                            GCancellable  *cancellable,
                            GError       **error)
{
  BerthCountingStream *self = BERTH_COUNTING_STREAM (stream);
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));
  gssize n = g_input_stream_read (base, buffer, count, cancellable, error);

  if (n > 0)
    __atomic_fetch_add (&self->count, (guint64) n, __ATOMIC_RELAXED);
  return n;
}

static void
counting_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthCountingStream *self = g_task_get_source_object (task);
  GError *error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }

  __atomic_fetch_add (&self->count, (guint64) n, __ATOMIC_RELAXED);
  g_task_return_int (task, n);
}

static void
berth_counting_stream_read_async (GInputStream        *stream,
                                  void                *buffer,
                                  gsize                count,
                                  int                  io_priority,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, berth_counting_stream_read_async);
  g_input_stream_read_async (base, buffer, count, io_priority, cancellable, counting_read_cb, task);
}

static gssize
berth_counting_stream_read_finish (GInputStream  *stream,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}

static void
berth_counting_stream_class_init (BerthCountingStreamClass *klass)
{
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  stream_class->read_fn = berth_counting_stream_read;
  stream_class->read_async = berth_counting_stream_read_async;
  stream_class->read_finish = berth_counting_stream_read_finish;
}

static void
berth_counting_stream_init (BerthCountingStream *self)
{
}

static GInputStream *
berth_counting_stream_new (GInputStream *base)
{
  return g_object_new (BERTH_TYPE_COUNTING_STREAM, "base-stream", base, NULL);
}

static guint64
berth_counting_stream_get_count (BerthCountingStream *self)
{
  return __atomic_load_n (&self->count, __ATOMIC_RELAXED);
}

/* The spec ------------------------------------------------------------------------ */

G_DEFINE_BOXED_TYPE (BerthImageArchive, berth_image_archive, berth_image_archive_copy, berth_image_archive_free)

static BerthImageArchive *
archive_new (BerthImageArchiveKind kind,
             const char           *path)
{
  BerthImageArchive *self = g_new0 (BerthImageArchive, 1);

  self->kind = kind;
  self->path = g_strdup (path);
  return self;
}

BerthImageArchive *
berth_image_archive_new_save (const char         *path,
                              const char * const *images)
{
  BerthImageArchive *self = archive_new (BERTH_IMAGE_ARCHIVE_SAVE, path);

  self->images = g_strdupv ((char **) images);
  return self;
}

BerthImageArchive *
berth_image_archive_new_load (const char *path)
{
  return archive_new (BERTH_IMAGE_ARCHIVE_LOAD, path);
}

BerthImageArchive *
berth_image_archive_new_import (const char *path,
                                const char *reference)
{
  BerthImageArchive *self = archive_new (BERTH_IMAGE_ARCHIVE_IMPORT, path);

  self->reference = g_strdup (reference);
  return self;
}

BerthImageArchive *
berth_image_archive_copy (const BerthImageArchive *self)
{
  BerthImageArchive *copy = archive_new (self->kind, self->path);

  copy->images = g_strdupv (self->images);
  copy->reference = g_strdup (self->reference);
  return copy;
}

void
berth_image_archive_free (BerthImageArchive *self)
{
  if (self == NULL)
    return;

  g_free (self->path);
  g_strfreev (self->images);
  g_free (self->reference);
  g_free (self);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/**
 * berth_image_archive_get_compressed:
 *
 * Returns: whether a save writes gzip (the file name ends in .tar.gz or .tgz)
 */
gboolean
berth_image_archive_get_compressed (const BerthImageArchive *self)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->kind != BERTH_IMAGE_ARCHIVE_SAVE || self->path == NULL)
    return FALSE;

  lower = g_ascii_strdown (self->path, -1);
  return g_str_has_suffix (lower, ".tar.gz") || g_str_has_suffix (lower, ".tgz");
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

/**
 * berth_image_archive_validate:
 *
 * Checks what was chosen, without touching the disk.
 */
gboolean
berth_image_archive_validate (const BerthImageArchive  *self,
                              GError                  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!has_text (self->path))
    return invalid (error, self->kind == BERTH_IMAGE_ARCHIVE_SAVE
                             ? _("Choose the file to save the images to, like “images.tar”")
                             : _("Choose the archive file to read"));
  if (!g_path_is_absolute (self->path))
    return invalid (error, _("The file must be a full path, like “/home/me/images.tar”"));

  if (self->kind == BERTH_IMAGE_ARCHIVE_SAVE)
    {
      if (self->images == NULL || self->images[0] == NULL)
        return invalid (error, _("Choose at least one image to save"));
      for (guint i = 0; self->images[i] != NULL; i++)
        {
          if (!has_text (self->images[i]))
            return invalid (error, _("An image to save has no name"));
        }
    }

  if (self->kind == BERTH_IMAGE_ARCHIVE_IMPORT && has_text (self->reference))
    {
      g_autoptr (BerthReference) reference = berth_reference_parse (self->reference, error);

      if (reference == NULL)
        return FALSE;
      if (berth_reference_get_digest (reference) != NULL)
        return invalid (error, _("An imported image is named with a tag, not a digest, like “rootfs:1.0”"));
    }

  return TRUE;
}

/**
 * berth_image_archive_build_request:
 * @method: (out): the HTTP method
 * @path: (out): the API path with its query, escaped
 */
gboolean
berth_image_archive_build_request (const BerthImageArchive  *self,
                                   const char              **method,
                                   char                    **path,
                                   GError                  **error)
{
  GString *out;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!berth_image_archive_validate (self, error))
    return FALSE;

  switch (self->kind)
    {
    case BERTH_IMAGE_ARCHIVE_SAVE:
      out = g_string_new ("/images/get");
      for (guint i = 0; self->images[i] != NULL; i++)
        {
          g_autofree char *escaped = g_uri_escape_string (self->images[i], NULL, FALSE);

          g_string_append_printf (out, "%cnames=%s", i == 0 ? '?' : '&', escaped);
        }
      *method = SOUP_METHOD_GET;
      break;

    case BERTH_IMAGE_ARCHIVE_LOAD:
      out = g_string_new ("/images/load?quiet=1");
      *method = SOUP_METHOD_POST;
      break;

    case BERTH_IMAGE_ARCHIVE_IMPORT:
      out = g_string_new ("/images/create?fromSrc=-");
      if (has_text (self->reference))
        {
          /* The whole reference as "repo", as the docker CLI sends it
           * (Podman ignores a separate "tag"). */
          g_autofree char *repo = g_uri_escape_string (self->reference, NULL, FALSE);

          g_string_append_printf (out, "&repo=%s", repo);
        }
      *method = SOUP_METHOD_POST;
      break;

    default:
      g_assert_not_reached ();
    }

  *path = g_string_free (out, FALSE);
  return TRUE;
}

/**
 * berth_image_archive_to_argv:
 *
 * Returns: (transfer full): { "docker", "save", "-o", FILE, IMAGE…, NULL },
 *   { "docker", "load", "-i", FILE, NULL } or { "docker", "import", FILE,
 *   REFERENCE, NULL }. A compressed save is `docker save IMAGE… | gzip >
 *   FILE` (see berth_image_archive_to_command()); its argv is the docker
 *   part alone.
 */
char **
berth_image_archive_to_argv (const BerthImageArchive *self)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();
  const char *path;

  g_return_val_if_fail (self != NULL, NULL);

  path = self->path ? self->path : "";
  g_strv_builder_add (argv, "docker");
  switch (self->kind)
    {
    case BERTH_IMAGE_ARCHIVE_SAVE:
      g_strv_builder_add (argv, "save");
      if (!berth_image_archive_get_compressed (self))
        g_strv_builder_addv (argv, (const char *[]) { "-o", path, NULL });
      if (self->images != NULL)
        g_strv_builder_addv (argv, (const char **) self->images);
      break;
    case BERTH_IMAGE_ARCHIVE_LOAD:
      g_strv_builder_addv (argv, (const char *[]) { "load", "-i", path, NULL });
      break;
    case BERTH_IMAGE_ARCHIVE_IMPORT:
      g_strv_builder_addv (argv, (const char *[]) { "import", path, NULL });
      if (has_text (self->reference))
        g_strv_builder_add (argv, self->reference);
      break;
    default:
      g_assert_not_reached ();
    }

  return g_strv_builder_end (argv);
}

/**
 * berth_image_archive_to_command:
 *
 * Returns: (transfer full): the shell line, quoted, e.g.
 *   "docker save app:1 | gzip > /home/me/app.tar.gz"
 */
char *
berth_image_archive_to_command (const BerthImageArchive *self)
{
  g_auto (GStrv) argv = berth_image_archive_to_argv (self);
  g_autofree char *line = berth_shell_join ((const char * const *) argv);
  g_autofree char *path = NULL;

  if (!berth_image_archive_get_compressed (self))
    return g_steal_pointer (&line);

  path = berth_shell_quote (self->path);
  return g_strdup_printf ("%s | gzip > %s", line, path);
}

/* Running: shared ------------------------------------------------------------------ */

typedef struct
{
  BerthImageArchive *spec;
  BerthEngine       *engine;
  BerthProgress     *progress;
  GFile             *file;
  GFile             *temp;        /* save: where the data goes until complete */
  GOutputStream     *out;
  GInputStream      *in;
  GBytes            *chunk;
  GInputStream      *counting;    /* load/import: the body, counted */
  guint64            bytes;
  guint64            total;
  guint              tick;
  GPtrArray         *results;
  GError            *error;
} RunData;

static void
run_data_free (RunData *data)
{
  berth_image_archive_free (data->spec);
  g_clear_object (&data->engine);
  g_clear_object (&data->progress);
  g_clear_object (&data->file);
  g_clear_object (&data->temp);
  g_clear_object (&data->out);
  g_clear_object (&data->in);
  g_clear_pointer (&data->chunk, g_bytes_unref);
  g_clear_object (&data->counting);
  g_clear_handle_id (&data->tick, g_source_remove);
  g_clear_pointer (&data->results, g_ptr_array_unref);
  g_clear_error (&data->error);
  g_free (data);
}

static void
return_results (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  g_ptr_array_add (data->results, NULL);
  berth_progress_set_finished (data->progress);
  g_task_return_pointer (task, g_ptr_array_free (g_steal_pointer (&data->results), FALSE),
                         (GDestroyNotify) g_strfreev);
}

typedef enum
{
  FILE_OPEN,
  FILE_WRITE,
  FILE_MOVE,
} FileStep;

/* The file's name and what went wrong with it, in words. */
static GError *
file_error (FileStep      step,
            GFile        *file,
            const GError *error)
{
  g_autofree char *name = g_file_get_parse_name (file);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  switch (step)
    {
    case FILE_OPEN:
      return g_error_new (error->domain, error->code, _("“%s” cannot be opened: %s"), name, error->message);
    case FILE_WRITE:
      return g_error_new (error->domain, error->code, _("“%s” cannot be written: %s"), name, error->message);
    case FILE_MOVE:
    default:
      return g_error_new (error->domain, error->code, _("The saved images could not be put at “%s”: %s"),
                          name, error->message);
    }
}

/* Save ------------------------------------------------------------------------------ */

static void save_read_next (GTask *task);

static void
save_deleted_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);

  g_file_delete_finish (G_FILE (object), result, NULL);
  g_task_return_error (task, g_steal_pointer (&data->error));
}

static void
save_discard (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  g_file_delete_async (data->temp, G_PRIORITY_DEFAULT, NULL, save_deleted_cb, task);
}

static void
save_abandon_closed_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, NULL);
  save_discard (user_data);
}

/* Failure or cancel: nothing half-written is left behind; the error is
 * given only once the partial file is gone. */
static void
save_fail (GTask  *task,
           GError *error)
{
  RunData *data = g_task_get_task_data (task);

  data->error = error;
  if (data->in != NULL && !g_input_stream_is_closed (data->in) && !g_input_stream_has_pending (data->in))
    g_input_stream_close_async (data->in, G_PRIORITY_DEFAULT, NULL, NULL, NULL);

  if (data->out != NULL && !g_output_stream_is_closed (data->out))
    g_output_stream_close_async (data->out, G_PRIORITY_DEFAULT, NULL, save_abandon_closed_cb, task);
  else if (data->temp != NULL)
    save_discard (task);
  else
    {
      g_task_return_error (task, g_steal_pointer (&data->error));
      g_object_unref (task);
    }
}

static void
save_moved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_file_move_finish (G_FILE (object), result, &error))
    {
      save_fail (task, file_error (FILE_MOVE, data->file, error));
      g_clear_error (&error);
      return;
    }

  g_clear_object (&data->temp);
  g_ptr_array_add (data->results, g_file_get_path (data->file));
  return_results (task);
  g_object_unref (task);
}

static void
save_closed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    {
      save_fail (task, file_error (FILE_WRITE, data->file, error));
      g_clear_error (&error);
      return;
    }

  g_file_move_async (data->temp, data->file, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                     g_task_get_cancellable (task), NULL, NULL, save_moved_cb, task);
}

static void
save_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      save_fail (task, file_error (FILE_WRITE, data->file, error));
      g_clear_error (&error);
      return;
    }

  data->bytes += g_bytes_get_size (data->chunk);
  g_clear_pointer (&data->chunk, g_bytes_unref);
  berth_progress_set_bytes (data->progress, data->bytes, data->total);
  save_read_next (task);
}

static void
save_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (data->chunk == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GError *wrapped = g_error_new (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_CONNECTION,
                                         _("Lost the engine while saving: %s"), error->message);
          g_clear_error (&error);
          error = wrapped;
        }
      save_fail (task, error);
      return;
    }

  if (g_bytes_get_size (data->chunk) == 0)
    {
      g_clear_pointer (&data->chunk, g_bytes_unref);
      g_output_stream_close_async (data->out, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   save_closed_cb, task);
      return;
    }

  g_output_stream_write_all_async (data->out,
                                   g_bytes_get_data (data->chunk, NULL),
                                   g_bytes_get_size (data->chunk),
                                   G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   save_written_cb, task);
}

static void
save_read_next (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (data->in, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), save_read_cb, task);
}

static void
save_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->in = berth_engine_send_finish (BERTH_ENGINE (object), result, &error);
  if (data->in == NULL)
    {
      /* Podman says "image not known" with a 500. */
      berth_stream_error_classify (error);
      save_fail (task, error);
      return;
    }

  save_read_next (task);
}

static void
save_created_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr (GFileOutputStream) out = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;
  const char *method;

  out = g_file_create_finish (G_FILE (object), result, &error);
  if (out == NULL)
    {
      /* Cancelled, the file may still have been made: it is ours, remove it.
       * Otherwise it was never ours to remove. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_clear_object (&data->temp);
      save_fail (task, file_error (FILE_WRITE, data->file, error));
      g_clear_error (&error);
      return;
    }

  if (berth_image_archive_get_compressed (data->spec))
    {
      g_autoptr (GZlibCompressor) gzip = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);

      data->out = g_converter_output_stream_new (G_OUTPUT_STREAM (out), G_CONVERTER (gzip));
    }
  else
    data->out = G_OUTPUT_STREAM (g_steal_pointer (&out));

  berth_image_archive_build_request (data->spec, &method, &path, NULL);
  message = berth_engine_new_message (data->engine, method, path);
  berth_engine_send_async (data->engine, message, g_task_get_cancellable (task), save_sent_cb, task);
}

static void
save_start (GTask *task)
{
  RunData *data = g_task_get_task_data (task);
  g_autoptr (GFile) parent = g_file_get_parent (data->file);
  g_autofree char *base = g_file_get_basename (data->file);
  g_autofree char *temp_name = g_strdup_printf (".%s.%08x.part", base, g_random_int ());

  /* Same folder, so the final rename cannot cross file systems. */
  data->temp = g_file_get_child (parent, temp_name);
  g_file_create_async (data->temp, G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT,
                       g_task_get_cancellable (task), save_created_cb, task);
}

/* Load and import ---------------------------------------------------------------------- */

static gboolean
add_loaded_names (RunData    *data,
                  const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, "Loaded image ID: "))
        g_ptr_array_add (data->results, g_strdup (line + strlen ("Loaded image ID: ")));
      else if (g_str_has_prefix (line, "Loaded image: "))
        g_ptr_array_add (data->results, g_strdup (line + strlen ("Loaded image: ")));
    }

  return TRUE;
}

static gboolean
answer_line_cb (JsonObject  *object,
                gpointer     user_data,
                GError     **error)
{
  RunData *data = user_data;
  const char *stream = NULL, *status = NULL, *id = NULL;

  /* Errors inside the stream, and any layer progress. */
  if (!berth_progress_feed_object (data->progress, object, error) ||
      !_berth_json_get_string (object, "stream", BERTH_JSON_OPTIONAL, &stream, error) ||
      !_berth_json_get_string (object, "status", BERTH_JSON_OPTIONAL, &status, error) ||
      !_berth_json_get_string (object, "id", BERTH_JSON_OPTIONAL, &id, error))
    return FALSE;

  if (data->spec->kind == BERTH_IMAGE_ARCHIVE_LOAD && stream != NULL)
    return add_loaded_names (data, stream);

  /* An import ends with {"status":"sha256:…"} (Podman repeats it as "id"). */
  if (data->spec->kind == BERTH_IMAGE_ARCHIVE_IMPORT &&
      status != NULL && g_str_has_prefix (status, "sha256:"))
    {
      g_ptr_array_set_size (data->results, 0);
      g_ptr_array_add (data->results, g_strdup (status));
    }

  return TRUE;
}

static void
publish_sent (RunData *data)
{
  guint64 sent = berth_counting_stream_get_count (BERTH_COUNTING_STREAM (data->counting));

  berth_progress_set_bytes (data->progress, MIN (sent, data->total), data->total);
}

static gboolean
send_tick_cb (gpointer user_data)
{
  publish_sent (user_data);
  return G_SOURCE_CONTINUE;
}

static void
answer_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  g_clear_handle_id (&data->tick, g_source_remove);
  publish_sent (data);

  if (!berth_json_lines_read_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->results->len == 0)
    {
      g_task_return_new_error (task, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                               data->spec->kind == BERTH_IMAGE_ARCHIVE_LOAD
                                 ? _("The engine read the archive but loaded no image from it")
                                 : _("The engine did not say which image it imported"));
      return;
    }

  return_results (task);
}

static void
upload_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GError) error = NULL;
  GCancellable *cancellable;

  stream = berth_engine_send_finish (BERTH_ENGINE (object), result, &error);
  if (stream == NULL)
    {
      g_clear_handle_id (&data->tick, g_source_remove);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  berth_json_lines_read_async (stream, answer_line_cb, data, NULL,
                               cancellable, answer_read_cb, g_steal_pointer (&task));
}

static void
upload_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr (GFileInputStream) in = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  GCancellable *cancellable;
  const char *method;

  in = g_file_read_finish (G_FILE (object), result, &error);
  if (in == NULL)
    {
      g_task_return_error (task, file_error (FILE_OPEN, data->file, error));
      return;
    }

  data->counting = berth_counting_stream_new (G_INPUT_STREAM (in));
  berth_image_archive_build_request (data->spec, &method, &path, NULL);
  message = berth_engine_new_message (data->engine, method, path);
  soup_message_set_request_body (message, "application/x-tar", data->counting, (gssize) data->total);

  berth_progress_set_bytes (data->progress, 0, data->total);
  data->tick = g_timeout_add (100, send_tick_cb, data);
  cancellable = g_task_get_cancellable (task);
  berth_engine_send_async (data->engine, message, cancellable, upload_sent_cb, g_steal_pointer (&task));
}

static void
upload_info_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  RunData *data = g_task_get_task_data (task);
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  GCancellable *cancellable;

  info = g_file_query_info_finish (G_FILE (object), result, &error);
  if (info == NULL)
    {
      g_task_return_error (task, file_error (FILE_OPEN, data->file, error));
      return;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *name = g_file_get_parse_name (data->file);

      g_task_return_new_error (task, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not a file; choose an archive like “images.tar”"), name);
      return;
    }

  data->total = (guint64) g_file_info_get_size (info);
  cancellable = g_task_get_cancellable (task);
  g_file_read_async (data->file, G_PRIORITY_DEFAULT, cancellable, upload_opened_cb, g_steal_pointer (&task));
}

static void
upload_start (GTask *task)
{
  RunData *data = g_task_get_task_data (task);

  g_file_query_info_async (data->file,
                           G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), upload_info_cb, task);
}

/**
 * berth_image_archive_run_async:
 * @progress: (nullable): filled with the bytes written (save) or sent
 *   (load, import; the total is the file's size)
 *
 * Saves, loads or imports. A save writes a temporary file in the same
 * folder and renames it only when complete: on failure or cancel the
 * partial file is removed before the error is reported.
 */
void
berth_image_archive_run_async (const BerthImageArchive *self,
                               BerthEngine             *engine,
                               BerthProgress           *progress,
                               GCancellable            *cancellable,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  g_autoptr (GError) error = NULL;
  GTask *task;
  RunData *data;

  g_return_if_fail (self != NULL);
  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (progress == NULL || BERTH_IS_PROGRESS (progress));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_image_archive_run_async);

  data = g_new0 (RunData, 1);
  data->spec = berth_image_archive_copy (self);
  data->engine = g_object_ref (engine);
  data->progress = progress ? g_object_ref (progress) : berth_progress_new ();
  data->results = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  if (!berth_image_archive_validate (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  data->file = g_file_new_for_path (self->path);
  if (self->kind == BERTH_IMAGE_ARCHIVE_SAVE)
    save_start (task);
  else
    upload_start (task);
}

/**
 * berth_image_archive_run_finish:
 *
 * Returns: (transfer full): what was done: a save gives the file's path, a
 *   load the names (or ids) of the loaded images, an import the new
 *   image's id; %NULL with @error set on failure
 */
char **
berth_image_archive_run_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
