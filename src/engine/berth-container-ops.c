/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-container-ops.h"
#include "berth-engine-error.h"
#include "berth-json-private.h"
#include "berth-operation.h"
#include "berth-reference.h"
#include "berth-shell.h"

/* Commit, rename and export a container. As with BerthOperation, one spec
 * builds the request and the equivalent docker command. */

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

static const char *
cli_name (const char *container,
          const char *name)
{
  return is_set (name) ? name : container;
}

static gboolean
validate_container (const char  *container,
                    GError     **error)
{
  if (!is_set (container))
    return berth_engine_error_invalid (error, _("Nothing was chosen to act on"));
  return TRUE;
}

static void
add_query (GString    *out,
           const char *key,
           const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  g_string_append_printf (out, "%c%s=%s", strchr (out->str, '?') ? '&' : '?', key, escaped);
}

/* Commit ----------------------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (BerthCommitSpec, berth_commit_spec, berth_commit_spec_copy, berth_commit_spec_free)

BerthCommitSpec *
berth_commit_spec_new (const char *container,
                       const char *name)
{
  BerthCommitSpec *self = g_new0 (BerthCommitSpec, 1);

  self->container = g_strdup (container);
  self->name = g_strdup (name);
  self->pause = TRUE;
  return self;
}

BerthCommitSpec *
berth_commit_spec_copy (const BerthCommitSpec *self)
{
  BerthCommitSpec *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = berth_commit_spec_new (self->container, self->name);
  copy->repository = g_strdup (self->repository);
  copy->tag = g_strdup (self->tag);
  copy->message = g_strdup (self->message);
  copy->author = g_strdup (self->author);
  copy->pause = self->pause;
  return copy;
}

void
berth_commit_spec_free (BerthCommitSpec *self)
{
  if (self == NULL)
    return;

  g_free (self->container);
  g_free (self->name);
  g_free (self->repository);
  g_free (self->tag);
  g_free (self->message);
  g_free (self->author);
  g_free (self);
}

/* Splits what was typed into the API's repo and tag: "app:1.0" in the
 * repository field is read as repository "app", tag "1.0". */
static gboolean
commit_reference (const BerthCommitSpec  *self,
                  char                  **repo,
                  char                  **tag,
                  GError                **error)
{
  g_autoptr (BerthReference) reference = NULL;
  g_autofree char *text = NULL;

  *repo = NULL;
  *tag = NULL;

  if (!is_set (self->repository))
    {
      if (is_set (self->tag))
        return berth_engine_error_invalid (error, _("A tag needs a repository name too, like “myapp:1.0”"));
      return TRUE;
    }

  text = is_set (self->tag) ? g_strconcat (self->repository, ":", self->tag, NULL) : g_strdup (self->repository);
  reference = berth_reference_parse (text, error);
  if (reference == NULL)
    return FALSE;
  if (berth_reference_get_digest (reference) != NULL)
    return berth_engine_error_invalid (error, _("A new image is named with a repository and a tag, like “myapp:1.0”, not a digest"));

  if (!is_set (self->tag) && berth_reference_has_tag (reference))
    {
      const char *written = berth_reference_get_tag (reference);

      *repo = g_strndup (self->repository, strlen (self->repository) - strlen (written) - 1);
      *tag = g_strdup (written);
    }
  else
    {
      *repo = g_strdup (self->repository);
      *tag = g_strdup (is_set (self->tag) ? self->tag : NULL);
    }

  return TRUE;
}

gboolean
berth_commit_spec_validate (const BerthCommitSpec  *self,
                            GError                **error)
{
  g_autofree char *repo = NULL;
  g_autofree char *tag = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  return validate_container (self->container, error) &&
         commit_reference (self, &repo, &tag, error);
}

/**
 * berth_commit_spec_build_request:
 *
 * Returns: (transfer full): the POST path, e.g.
 *   "/commit?container=web&repo=myapp&tag=1.0&comment=…&pause=true", or
 *   %NULL with @error set when the spec is not valid
 */
char *
berth_commit_spec_build_request (const BerthCommitSpec  *self,
                                 GError                **error)
{
  g_autofree char *repo = NULL;
  g_autofree char *tag = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  if (!validate_container (self->container, error) ||
      !commit_reference (self, &repo, &tag, error))
    return NULL;

  out = g_string_new ("/commit");
  add_query (out, "container", self->container);
  if (repo != NULL)
    add_query (out, "repo", repo);
  if (tag != NULL)
    add_query (out, "tag", tag);
  if (is_set (self->message))
    add_query (out, "comment", self->message);
  if (is_set (self->author))
    add_query (out, "author", self->author);
  add_query (out, "pause", self->pause ? "true" : "false");
  return g_string_free (out, FALSE);
}

/* Returns: (transfer full): e.g. { "docker", "commit", "-a", "Ann", "-m",
 *   "fix", "web", "myapp:1.0", NULL } */
char **
berth_commit_spec_to_argv (const BerthCommitSpec *self)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  g_strv_builder_addv (argv, (const char *[]) { "docker", "commit", NULL });
  if (is_set (self->author))
    g_strv_builder_addv (argv, (const char *[]) { "-a", self->author, NULL });
  if (is_set (self->message))
    g_strv_builder_addv (argv, (const char *[]) { "-m", self->message, NULL });
  if (!self->pause)
    g_strv_builder_add (argv, "--pause=false");
  g_strv_builder_add (argv, cli_name (self->container, self->name) ? cli_name (self->container, self->name) : "");

  if (is_set (self->repository))
    {
      g_autofree char *reference = is_set (self->tag)
        ? g_strconcat (self->repository, ":", self->tag, NULL)
        : g_strdup (self->repository);

      g_strv_builder_add (argv, reference);
    }

  return g_strv_builder_end (argv);
}

char *
berth_commit_spec_to_command (const BerthCommitSpec *self)
{
  g_auto (GStrv) argv = berth_commit_spec_to_argv (self);

  return berth_shell_join ((const char * const *) argv);
}

static void
commit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (JsonNode) node = NULL;
  JsonObject *obj = NULL;
  const char *id = NULL;
  GError *error = NULL;

  node = berth_engine_send_json_finish (BERTH_ENGINE (object), result, &error);
  if (error == NULL && _berth_json_node_object (node, "commit", &obj, &error))
    _berth_json_get_string (obj, "Id", BERTH_JSON_REQUIRED, &id, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_strdup (id), g_free);
}

/**
 * berth_commit_spec_run_async:
 *
 * Makes an image of the container's filesystem and settings (POST
 * /commit). Invalid input fails with %BERTH_ENGINE_ERROR_INVALID_ARGUMENT
 * before anything is sent.
 */
void
berth_commit_spec_run_async (const BerthCommitSpec *self,
                             BerthEngine           *engine,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (BERTH_IS_ENGINE (engine));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_commit_spec_run_async);

  path = berth_commit_spec_build_request (self, &error);
  if (path == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  message = berth_engine_new_message (engine, SOUP_METHOD_POST, path);
  berth_engine_send_json_async (engine, message, cancellable, commit_cb, g_steal_pointer (&task));
}

/* Returns: (transfer full): the new image's id ("sha256:…") */
char *
berth_commit_spec_run_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Rename ------------------------------------------------------------------------------ */

G_DEFINE_BOXED_TYPE (BerthRenameSpec, berth_rename_spec, berth_rename_spec_copy, berth_rename_spec_free)

BerthRenameSpec *
berth_rename_spec_new (const char *container,
                       const char *name,
                       const char *new_name)
{
  BerthRenameSpec *self = g_new0 (BerthRenameSpec, 1);

  self->container = g_strdup (container);
  self->name = g_strdup (name);
  self->new_name = g_strdup (new_name);
  return self;
}

BerthRenameSpec *
berth_rename_spec_copy (const BerthRenameSpec *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return berth_rename_spec_new (self->container, self->name, self->new_name);
}

void
berth_rename_spec_free (BerthRenameSpec *self)
{
  if (self == NULL)
    return;

  g_free (self->container);
  g_free (self->name);
  g_free (self->new_name);
  g_free (self);
}

/* The new name as the engine checks it: [a-zA-Z0-9][a-zA-Z0-9_.-]* */
gboolean
berth_rename_spec_validate (const BerthRenameSpec  *self,
                            GError                **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!validate_container (self->container, error) ||
      !berth_validate_object_name (self->new_name, _("container"), 1, error))
    return FALSE;

  if (g_strcmp0 (self->new_name, self->name) == 0)
    return berth_engine_error_invalid (error, _("The container is already called “%s”"), self->new_name);

  return TRUE;
}

/* Returns: (transfer full): the POST path, e.g. "/containers/web/rename?name=api" */
char *
berth_rename_spec_build_request (const BerthRenameSpec  *self,
                                 GError                **error)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (!berth_rename_spec_validate (self, error))
    return NULL;

  id = berth_engine_escape (self->container);
  name = g_uri_escape_string (self->new_name, NULL, FALSE);
  return g_strdup_printf ("/containers/%s/rename?name=%s", id, name);
}

/* Returns: (transfer full): { "docker", "rename", OLD, NEW, NULL } */
char **
berth_rename_spec_to_argv (const BerthRenameSpec *self)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();
  const char *old_name;

  g_return_val_if_fail (self != NULL, NULL);

  old_name = cli_name (self->container, self->name);
  g_strv_builder_addv (argv, (const char *[]) { "docker", "rename", old_name ? old_name : "",
                                                self->new_name ? self->new_name : "", NULL });
  return g_strv_builder_end (argv);
}

char *
berth_rename_spec_to_command (const BerthRenameSpec *self)
{
  g_auto (GStrv) argv = berth_rename_spec_to_argv (self);

  return berth_shell_join ((const char * const *) argv);
}

static void
rename_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (JsonNode) node = NULL;
  GError *error = NULL;

  /* A name taken fails with 409 and the engine's own words. */
  node = berth_engine_send_json_finish (BERTH_ENGINE (object), result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
berth_rename_spec_run_async (const BerthRenameSpec *self,
                             BerthEngine           *engine,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (BERTH_IS_ENGINE (engine));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_rename_spec_run_async);

  path = berth_rename_spec_build_request (self, &error);
  if (path == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  message = berth_engine_new_message (engine, SOUP_METHOD_POST, path);
  berth_engine_send_json_async (engine, message, cancellable, rename_cb, g_steal_pointer (&task));
}

gboolean
berth_rename_spec_run_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Export ------------------------------------------------------------------------------ */

G_DEFINE_BOXED_TYPE (BerthExportSpec, berth_export_spec, berth_export_spec_copy, berth_export_spec_free)

BerthExportSpec *
berth_export_spec_new (const char *container,
                       const char *name,
                       const char *local_path)
{
  BerthExportSpec *self = g_new0 (BerthExportSpec, 1);

  self->container = g_strdup (container);
  self->name = g_strdup (name);
  self->local_path = g_strdup (local_path);
  return self;
}

BerthExportSpec *
berth_export_spec_copy (const BerthExportSpec *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return berth_export_spec_new (self->container, self->name, self->local_path);
}

void
berth_export_spec_free (BerthExportSpec *self)
{
  if (self == NULL)
    return;

  g_free (self->container);
  g_free (self->name);
  g_free (self->local_path);
  g_free (self);
}

gboolean
berth_export_spec_validate (const BerthExportSpec  *self,
                            GError                **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!validate_container (self->container, error))
    return FALSE;
  if (!is_set (self->local_path))
    return berth_engine_error_invalid (error, _("Choose where to save the exported .tar file"));
  if (!g_path_is_absolute (self->local_path))
    return berth_engine_error_invalid (error, _("“%s” is not a full path; choose a folder on this computer"), self->local_path);
  return TRUE;
}

/* Returns: (transfer full): the GET path, e.g. "/containers/web/export" */
char *
berth_export_spec_build_request (const BerthExportSpec  *self,
                                 GError                **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (!berth_export_spec_validate (self, error))
    return NULL;

  id = berth_engine_escape (self->container);
  return g_strdup_printf ("/containers/%s/export", id);
}

/* Returns: (transfer full): { "docker", "export", "-o", LOCAL, NAME, NULL } */
char **
berth_export_spec_to_argv (const BerthExportSpec *self)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();
  const char *name;

  g_return_val_if_fail (self != NULL, NULL);

  name = cli_name (self->container, self->name);
  g_strv_builder_addv (argv, (const char *[]) { "docker", "export", "-o",
                                                self->local_path ? self->local_path : "",
                                                name ? name : "", NULL });
  return g_strv_builder_end (argv);
}

char *
berth_export_spec_to_command (const BerthExportSpec *self)
{
  g_auto (GStrv) argv = berth_export_spec_to_argv (self);

  return berth_shell_join ((const char * const *) argv);
}

typedef struct
{
  BerthExportSpec           *spec;
  BerthTransferProgressFunc  progress_func;
  gpointer                   progress_data;
  GDestroyNotify             progress_destroy;
} ExportData;

static void
export_data_free (ExportData *data)
{
  if (data->progress_destroy != NULL)
    data->progress_destroy (data->progress_data);
  berth_export_spec_free (data->spec);
  g_free (data);
}

static void
export_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (berth_archive_save_stream_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ExportData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr (GInputStream) stream = NULL;
  GError *error = NULL;

  stream = berth_engine_send_finish (BERTH_ENGINE (object), result, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  berth_archive_save_stream_async (stream, data->spec->local_path, 0,
                                   data->progress_func, data->progress_data,
                                   g_steal_pointer (&data->progress_destroy),
                                   cancellable, export_saved_cb, g_steal_pointer (&task));
}

/**
 * berth_export_spec_run_async:
 * @progress_func: (nullable): bytes saved so far (the total is not known)
 *
 * Saves the container's filesystem as a .tar file, as `docker export -o`
 * does: streamed to a hidden temporary file beside the target, renamed
 * when complete; an existing target, a failure or a cancellation leaves
 * no file under the final name.
 */
void
berth_export_spec_run_async (const BerthExportSpec     *self,
                             BerthEngine               *engine,
                             BerthTransferProgressFunc  progress_func,
                             gpointer                   progress_data,
                             GDestroyNotify             progress_destroy,
                             GCancellable              *cancellable,
                             GAsyncReadyCallback        callback,
                             gpointer                   user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autofree char *path = NULL;
  ExportData *data;
  GError *error = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (BERTH_IS_ENGINE (engine));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_export_spec_run_async);
  data = g_new0 (ExportData, 1);
  data->spec = berth_export_spec_copy (self);
  data->progress_func = progress_func;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);

  path = berth_export_spec_build_request (self, &error);
  if (path == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  message = berth_engine_new_message (engine, SOUP_METHOD_GET, path);
  berth_engine_send_async (engine, message, cancellable, export_sent_cb, g_steal_pointer (&task));
}

gboolean
berth_export_spec_run_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
