/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-json-private.h"
#include "berth-top.h"

/* GET /containers/{id}/top answers {"Titles": [...], "Processes": [[...]]}
 * with whatever columns ps printed; they are kept as text, in order. */

G_DEFINE_BOXED_TYPE (BerthTop, berth_top, berth_top_copy, berth_top_free)

static BerthTop *
top_new (void)
{
  BerthTop *top = g_new0 (BerthTop, 1);

  top->processes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return top;
}

BerthTop *
berth_top_copy (const BerthTop *top)
{
  BerthTop *copy = top_new ();

  copy->titles = g_strdupv (top->titles);
  for (guint i = 0; i < top->processes->len; i++)
    g_ptr_array_add (copy->processes, g_strdupv (g_ptr_array_index (top->processes, i)));
  return copy;
}

void
berth_top_free (BerthTop *top)
{
  if (top == NULL)
    return;

  g_strfreev (top->titles);
  g_ptr_array_unref (top->processes);
  g_free (top);
}

/* A row as long as the titles: ps may leave a trailing column empty. */
static gboolean
read_row (JsonNode  *node,
          guint      width,
          char    ***row,
          GError   **error)
{
  g_auto (GStrv) fields = g_new0 (char *, width + 1);
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                           _("The engine sent a process that is not a list of fields"));
      return FALSE;
    }

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  for (guint i = 0; i < width; i++)
    {
      JsonNode *field = i < n ? json_array_get_element (array, i) : NULL;

      if (field != NULL && JSON_NODE_HOLDS_VALUE (field) &&
          json_node_get_value_type (field) == G_TYPE_STRING)
        fields[i] = g_strdup (json_node_get_string (field));
      else
        fields[i] = g_strdup ("");
    }

  *row = g_steal_pointer (&fields);
  return TRUE;
}

/**
 * berth_top_new_from_json:
 *
 * Returns: (transfer full): the process table, or %NULL with @error set
 */
BerthTop *
berth_top_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr (BerthTop) top = top_new ();
  JsonArray *processes = NULL;
  guint width;

  g_return_val_if_fail (object != NULL, NULL);

  if (!_berth_json_get_strv (object, "Titles", &top->titles, error) ||
      !_berth_json_get_array (object, "Processes", BERTH_JSON_OPTIONAL, &processes, error))
    return NULL;

  width = g_strv_length (top->titles);
  for (guint i = 0; processes != NULL && i < json_array_get_length (processes); i++)
    {
      char **row = NULL;

      if (!read_row (json_array_get_element (processes, i), width, &row, error))
        return NULL;
      g_ptr_array_add (top->processes, row);
    }

  return g_steal_pointer (&top);
}

/* The index of the column titled @title ("PID"), or -1. */
int
berth_top_find_column (const BerthTop *top,
                       const char     *title)
{
  g_return_val_if_fail (top != NULL, -1);
  g_return_val_if_fail (title != NULL, -1);

  for (guint i = 0; top->titles[i] != NULL; i++)
    if (g_str_equal (top->titles[i], title))
      return (int) i;
  return -1;
}

static void
top_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  JsonObject *answer = NULL;
  BerthTop *top;

  root = berth_engine_get_json_finish (BERTH_ENGINE (object), result, &error);
  if (root == NULL && error == NULL)
    error = g_error_new_literal (BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_INVALID_DATA,
                                 _("The engine sent no process list"));
  if (error != NULL || !_berth_json_node_object (root, "top", &answer, &error) ||
      (top = berth_top_new_from_json (answer, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, top, (GDestroyNotify) berth_top_free);
}

/**
 * berth_top_get_async:
 * @ps_args: (nullable): options for ps, e.g. "aux"; the engine's default
 *   ("-ef") when %NULL
 *
 * Lists the processes of a running container (a container that is not
 * running is a %BERTH_ENGINE_ERROR_CONFLICT with the engine's message).
 */
void
berth_top_get_async (BerthEngine         *engine,
                     const char          *container_id,
                     const char          *ps_args,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *args = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (BERTH_IS_ENGINE (engine));
  g_return_if_fail (container_id != NULL);

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, berth_top_get_async);

  escaped = berth_engine_escape (container_id);
  if (ps_args != NULL && *ps_args != '\0')
    args = g_uri_escape_string (ps_args, NULL, FALSE);
  path = g_strconcat ("/containers/", escaped, "/top",
                      args ? "?ps_args=" : "", args ? args : "", NULL);
  berth_engine_get_json_async (engine, path, cancellable, top_cb, g_steal_pointer (&task));
}

/**
 * berth_top_get_finish:
 *
 * Returns: (transfer full): the process table, or %NULL with @error set
 */
BerthTop *
berth_top_get_finish (BerthEngine   *engine,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, engine), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
