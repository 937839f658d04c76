/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-inspect.h"
#include "berth-shell.h"

/* The full inspect JSON of a container, image, volume or network, as the
 * engine sends it, and as text for a viewer: indented like `docker
 * inspect` prints it, members in the engine's order. */

static const char *
cli_noun (BerthInspectKind kind)
{
  switch (kind)
    {
    case BERTH_INSPECT_CONTAINER: return "container";
    case BERTH_INSPECT_IMAGE: return "image";
    case BERTH_INSPECT_VOLUME: return "volume";
    case BERTH_INSPECT_NETWORK: return "network";
    default: return NULL;
    }
}

/**
 * berth_inspect_build_path:
 * @id: an id or name (a reference for images)
 *
 * Returns: (transfer full): the API path, e.g. "/containers/web/json"
 */
char *
berth_inspect_build_path (BerthInspectKind  kind,
                          const char       *id)
{
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (cli_noun (kind) != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  escaped = berth_engine_escape (id);
  switch (kind)
    {
    case BERTH_INSPECT_CONTAINER:
      return g_strdup_printf ("/containers/%s/json", escaped);
    case BERTH_INSPECT_IMAGE:
      return g_strdup_printf ("/images/%s/json", escaped);
    case BERTH_INSPECT_VOLUME:
      return g_strdup_printf ("/volumes/%s", escaped);
    case BERTH_INSPECT_NETWORK:
    default:
      return g_strdup_printf ("/networks/%s", escaped);
    }
}

/* Returns: (transfer full): e.g. { "docker", "container", "inspect", "web", NULL } */
char **
berth_inspect_to_argv (BerthInspectKind  kind,
                       const char       *name)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();

  g_return_val_if_fail (cli_noun (kind) != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_strv_builder_addv (argv, (const char *[]) { "docker", cli_noun (kind), "inspect", name, NULL });
  return g_strv_builder_end (argv);
}

char *
berth_inspect_to_command (BerthInspectKind  kind,
                          const char       *name)
{
  g_auto (GStrv) argv = berth_inspect_to_argv (kind, name);

  return argv ? berth_shell_join ((const char * const *) argv) : NULL;
}

/* Text ---------------------------------------------------------------------- */

static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_value (GString  *out,
              JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  if (type == G_TYPE_STRING)
    append_string (out, json_node_get_string (node));
  else if (type == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
  else if (type == G_TYPE_DOUBLE)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
    }
  else
    g_string_append (out, "null");
}

static void
append_indent (GString *out,
               guint    depth)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "    ");
}

static void append_node (GString  *out,
                         JsonNode *node,
                         guint     depth);

static void
append_object (GString    *out,
               JsonObject *object,
               guint       depth)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  gboolean first = TRUE;

  if (json_object_get_size (object) == 0)
    {
      g_string_append (out, "{}");
      return;
    }

  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &value))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_indent (out, depth + 1);
      append_string (out, member);
      g_string_append (out, ": ");
      append_node (out, value, depth + 1);
    }
  append_indent (out, depth);
  g_string_append_c (out, '}');
}

static void
append_array (GString   *out,
              JsonArray *array,
              guint      depth)
{
  guint length = json_array_get_length (array);

  if (length == 0)
    {
      g_string_append (out, "[]");
      return;
    }

  g_string_append_c (out, '[');
  for (guint i = 0; i < length; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_indent (out, depth + 1);
      append_node (out, json_array_get_element (array, i), depth + 1);
    }
  append_indent (out, depth);
  g_string_append_c (out, ']');
}

static void
append_node (GString  *out,
             JsonNode *node,
             guint     depth)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      append_object (out, json_node_get_object (node), depth);
      break;
    case JSON_NODE_ARRAY:
      append_array (out, json_node_get_array (node), depth);
      break;
    case JSON_NODE_VALUE:
      append_value (out, node);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

/**
 * berth_inspect_to_text:
 *
 * Returns: (transfer full): @node as indented JSON text, ending in a newline
 */
char *
berth_inspect_to_text (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);

  append_node (out, node, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/* Fetching --------------------------------------------------------------------- */

typedef struct
{
  JsonNode *node;
  char     *text;
} InspectResult;

static void
inspect_result_free (InspectResult *result)
{
  g_clear_pointer (&result->node, json_node_unref);
  g_free (result->text);
  g_free (result);
}

static void
inspect_text_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  InspectResult *result = g_new0 (InspectResult, 1);

  result->node = json_node_ref (task_data);
  result->text = berth_inspect_to_text (result->node);
  g_task_return_pointer (task, result, (GDestroyNotify) inspect_result_free);
}

static void
inspect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  JsonNode *node;
  GError *error = NULL;

  node = berth_engine_get_json_finish (BERTH_ENGINE (object), result, &error);
  if (node == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                                     _("The engine answered the inspect request with nothing"));
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, node, (GDestroyNotify) json_node_unref);
  g_task_run_in_thread (task, inspect_text_thread);
}

/**
 * berth_inspect_async:
 * @id: an id or name (a reference for images)
 *
 * Fetches what `docker inspect` shows, as JSON and as text for a viewer
 * (made on a worker thread; inspect answers can be big).
 */
void
berth_inspect_async (BerthEngine         *engine,
                     BerthInspectKind     kind,
                     const char          *id,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (cli_noun (kind) != NULL);
  g_return_if_fail (id != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_inspect_async);

  if (*id == '\0')
    {
      g_task_return_new_error (task, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_ARGUMENT,
                               _("Choose something to inspect"));
      return;
    }

  path = berth_inspect_build_path (kind, id);
  berth_engine_get_json_async (engine, path, cancellable, inspect_cb, g_steal_pointer (&task));
}

/**
 * berth_inspect_finish:
 * @text: (out) (optional) (transfer full): the JSON as indented text
 *
 * Returns: (transfer full): the engine's JSON (an object)
 */
JsonNode *
berth_inspect_finish (BerthEngine   *engine,
                      GAsyncResult  *result,
                      char         **text,
                      GError       **error)
{
  InspectResult *inspect;
  JsonNode *node;

  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);

  inspect = g_task_propagate_pointer (G_TASK (result), error);
  if (inspect == NULL)
    return NULL;

  node = g_steal_pointer (&inspect->node);
  if (text != NULL)
    *text = g_steal_pointer (&inspect->text);
  inspect_result_free (inspect);
  return node;
}
