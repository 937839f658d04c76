/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-image-transfer.h"
#include "berth-reference.h"
#include "berth-shell.h"

/* Pull (POST /images/create?fromImage=&tag=) and push
 * (POST /images/{name}/push?tag=) with their progress streams, built from
 * one spec that also gives the `docker pull` / `docker push` line. */

G_DEFINE_BOXED_TYPE (BerthImageTransfer, berth_image_transfer,
                     berth_image_transfer_copy, berth_image_transfer_free)

BerthImageTransfer *
berth_image_transfer_new (BerthImageTransferKind  kind,
                          const char             *reference)
{
  BerthImageTransfer *self = g_new0 (BerthImageTransfer, 1);

  self->kind = kind;
  self->reference = g_strdup (reference);
  return self;
}

BerthImageTransfer *
berth_image_transfer_copy (const BerthImageTransfer *self)
{
  BerthImageTransfer *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = berth_image_transfer_new (self->kind, self->reference);
  copy->platform = g_strdup (self->platform);
  return copy;
}

void
berth_image_transfer_free (BerthImageTransfer *self)
{
  if (self == NULL)
    return;

  g_free (self->reference);
  g_free (self->platform);
  g_free (self);
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* "os/arch" or "os/arch/variant", as docker's --platform takes it. */
static gboolean
validate_platform (const char  *platform,
                   GError     **error)
{
  g_auto (GStrv) parts = g_strsplit (platform, "/", -1);
  guint n = g_strv_length (parts);
  gboolean ok = n == 2 || n == 3;

  for (guint i = 0; ok && i < n; i++)
    {
      ok = *parts[i] != '\0';
      for (const char *p = parts[i]; ok && *p; p++)
        ok = g_ascii_isalnum (*p) || *p == '_' || *p == '.' || *p == '-';
    }

  if (!ok)
    g_set_error (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
                 _("“%s” is not a platform; write it as OS/ARCHITECTURE, like “linux/arm64”"),
                 platform);
  return ok;
}

static BerthReference *
parse_reference (const BerthImageTransfer  *self,
                 GError                   **error)
{
  g_autoptr (BerthReference) reference = berth_reference_parse (self->reference, error);

  if (reference == NULL)
    return NULL;

  if (self->kind == BERTH_IMAGE_TRANSFER_PUSH && berth_reference_get_digest (reference) != NULL)
    {
      g_set_error_literal (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
                           _("An image is pushed by its tag, not its digest; write it like “registry.example.com/app:1.0”"));
      return NULL;
    }

  return g_steal_pointer (&reference);
}

/**
 * berth_image_transfer_validate:
 *
 * Checks the reference (and platform) before anything is sent.
 */
gboolean
berth_image_transfer_validate (const BerthImageTransfer  *self,
                               GError                   **error)
{
  g_autoptr (BerthReference) reference = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  reference = parse_reference (self, error);
  if (reference == NULL)
    return FALSE;

  if (has_text (self->platform))
    {
      if (self->kind == BERTH_IMAGE_TRANSFER_PUSH)
        {
          g_set_error_literal (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
                               _("A platform can only be chosen for a pull"));
          return FALSE;
        }
      if (!validate_platform (self->platform, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * berth_image_transfer_get_server:
 *
 * Returns: (transfer full) (nullable): the registry server whose
 *   credentials this transfer needs (see berth_registry_server_for_registry()),
 *   or %NULL when the reference is not valid
 */
char *
berth_image_transfer_get_server (const BerthImageTransfer *self)
{
  g_autoptr (BerthReference) reference = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  reference = berth_reference_parse (self->reference, NULL);
  if (reference == NULL)
    return NULL;
  return berth_registry_server_for_registry (berth_reference_get_registry (reference));
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

/**
 * berth_image_transfer_build_request:
 * @api_version: the negotiated API version
 * @method: (out): the HTTP method
 * @path: (out): the API path with its query, escaped
 *
 * A pull asks for the name and, as "tag", the digest or tag (docker's
 * default "latest" when none was written). A push of a reference written
 * without a tag pushes every tag of the repository, as `docker push` does.
 */
gboolean
berth_image_transfer_build_request (const BerthImageTransfer  *self,
                                    const char                *api_version,
                                    const char               **method,
                                    char                     **path,
                                    GError                   **error)
{
  g_autoptr (BerthReference) reference = NULL;
  GString *out;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!berth_image_transfer_validate (self, error))
    return FALSE;

  reference = parse_reference (self, error);
  *method = SOUP_METHOD_POST;

  if (self->kind == BERTH_IMAGE_TRANSFER_PULL)
    {
      const char *digest = berth_reference_get_digest (reference);

      out = g_string_new ("/images/create");
      append_query (out, "fromImage", berth_reference_get_familiar_name (reference));
      append_query (out, "tag", digest ? digest : berth_reference_get_tag (reference));
      if (has_text (self->platform))
        append_query (out, "platform", self->platform);
    }
  else
    {
      g_autofree char *name = berth_engine_escape (berth_reference_get_familiar_name (reference));

      out = g_string_new (NULL);
      g_string_printf (out, "/images/%s/push", name);
      if (berth_reference_has_tag (reference))
        append_query (out, "tag", berth_reference_get_tag (reference));
    }

  *path = g_string_free (out, FALSE);
  return TRUE;
}

/**
 * berth_image_transfer_to_argv:
 *
 * Returns: (transfer full): e.g. { "docker", "pull", "--platform",
 *   "linux/arm64", "nginx:1.25", NULL }
 */
char **
berth_image_transfer_to_argv (const BerthImageTransfer *self)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  g_strv_builder_add (argv, "docker");
  g_strv_builder_add (argv, self->kind == BERTH_IMAGE_TRANSFER_PULL ? "pull" : "push");
  if (self->kind == BERTH_IMAGE_TRANSFER_PULL && has_text (self->platform))
    g_strv_builder_addv (argv, (const char *[]) { "--platform", self->platform, NULL });
  g_strv_builder_add (argv, self->reference ? self->reference : "");

  return g_strv_builder_end (argv);
}

char *
berth_image_transfer_to_command (const BerthImageTransfer *self)
{
  g_auto (GStrv) argv = berth_image_transfer_to_argv (self);

  return berth_shell_join ((const char * const *) argv);
}

/* Running ---------------------------------------------------------------------- */

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!berth_progress_read_finish (BERTH_PROGRESS (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  BerthProgress *progress = g_task_get_task_data (task);
  g_autoptr (GInputStream) stream = NULL;
  GCancellable *cancellable;
  g_autoptr (GError) error = NULL;

  stream = berth_engine_send_finish (BERTH_ENGINE (object), result, &error);
  if (stream == NULL)
    {
      /* "manifest unknown" (404), "no basic auth credentials" (500)… */
      berth_stream_error_classify (error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  berth_progress_read_async (progress, stream, cancellable, read_cb, g_steal_pointer (&task));
}

/**
 * berth_image_transfer_run_async:
 * @auth: (nullable): credentials for the registry; a push without them is
 *   sent as anonymous ("{}"), which Docker requires
 * @progress: (nullable): the model to fill with per-layer progress
 *
 * Pulls or pushes, following the engine's progress stream until it ends.
 * Registry failures come back in the registry's words, with
 * %BERTH_ENGINE_ERROR_UNAUTHORIZED, %BERTH_ENGINE_ERROR_FORBIDDEN or
 * %BERTH_ENGINE_ERROR_NOT_FOUND where they say so. Cancelling closes the
 * stream, which stops the transfer.
 */
void
berth_image_transfer_run_async (const BerthImageTransfer *self,
                                BerthEngine              *engine,
                                const BerthRegistryAuth  *auth,
                                BerthProgress            *progress,
                                GCancellable             *cancellable,
                                GAsyncReadyCallback       callback,
                                gpointer                  user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) message = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  const char *method;

  g_return_if_fail (self != NULL);
  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (progress == NULL || BERTH_IS_PROGRESS (progress));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_image_transfer_run_async);
  g_task_set_task_data (task, progress ? g_object_ref (progress) : berth_progress_new (), g_object_unref);

  if (!berth_image_transfer_build_request (self, berth_engine_get_api_version (engine),
                                           &method, &path, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  message = berth_engine_new_message (engine, method, path);
  if (auth != NULL || self->kind == BERTH_IMAGE_TRANSFER_PUSH)
    {
      g_autofree char *header = berth_registry_auth_encode (auth);

      soup_message_headers_replace (soup_message_get_request_headers (message),
                                    "X-Registry-Auth", header);
    }

  berth_engine_send_async (engine, message, cancellable, send_cb, g_steal_pointer (&task));
}

gboolean
berth_image_transfer_run_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
