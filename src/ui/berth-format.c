/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-format.h"

/**
 * berth_format_relative_time:
 * @unix_time: seconds since the epoch; 0 means unknown
 * @now: the current time, in the same unit
 *
 * Returns: (transfer full): "just now", "5 minutes ago", "3 days ago" or a
 *   date for anything older than a month
 */
char *
berth_format_relative_time (gint64 unix_time,
                            gint64 now)
{
  g_autoptr (GDateTime) dt = NULL;
  gint64 ago = now - unix_time;
  int n;

  if (unix_time <= 0)
    return g_strdup (_("Unknown"));

  if (ago < 60)
    return g_strdup (_("Just now"));
  if (ago < 3600)
    {
      n = ago / 60;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", n), n);
    }
  if (ago < 86400)
    {
      n = ago / 3600;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", n), n);
    }
  if (ago < 30 * 86400)
    {
      n = ago / 86400;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", n), n);
    }

  dt = g_date_time_new_from_unix_local (unix_time);
  /* Translators: a date, see g_date_time_format() */
  return g_date_time_format (dt, _("%Y-%m-%d"));
}

char *
berth_format_size (gint64 bytes)
{
  return g_format_size (MAX (bytes, 0));
}

/* The state as people read it on a badge: never colour alone. */
const char *
berth_format_state (BerthContainerState state)
{
  switch (state)
    {
    case BERTH_CONTAINER_STATE_CREATED: return C_("container state", "Created");
    case BERTH_CONTAINER_STATE_RUNNING: return C_("container state", "Running");
    case BERTH_CONTAINER_STATE_PAUSED: return C_("container state", "Paused");
    case BERTH_CONTAINER_STATE_RESTARTING: return C_("container state", "Restarting");
    case BERTH_CONTAINER_STATE_REMOVING: return C_("container state", "Removing");
    case BERTH_CONTAINER_STATE_EXITED: return C_("container state", "Exited");
    case BERTH_CONTAINER_STATE_DEAD: return C_("container state", "Dead");
    case BERTH_CONTAINER_STATE_UNKNOWN:
    default:
      return C_("container state", "Unknown");
    }
}

/* The CSS class that colours the badge (see style.css). */
const char *
berth_format_state_class (BerthContainerState state)
{
  return berth_container_state_to_string (state);
}

char *
berth_format_ports (GPtrArray *ports)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; ports != NULL && i < ports->len; i++)
    {
      g_autofree char *port = berth_port_to_string (g_ptr_array_index (ports, i));

      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, port);
    }

  return g_string_free (out, FALSE);
}

/**
 * berth_format_list:
 * @items: names
 * @max_shown: how many to name before "and N more"
 *
 * Returns: (transfer full): "web, db and 3 more", or "" for none
 */
char *
berth_format_list (const char * const *items,
                   guint               max_shown)
{
  GString *out = g_string_new (NULL);
  guint n = items ? g_strv_length ((char **) items) : 0;
  guint shown = MIN (n, max_shown);

  for (guint i = 0; i < shown; i++)
    {
      if (i > 0)
        g_string_append (out, _(", "));
      g_string_append (out, items[i]);
    }

  if (n > shown)
    /* Translators: after a list of names, e.g. "web, db and 3 more" */
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, " and %u more", " and %u more", n - shown),
                            n - shown);

  return g_string_free (out, FALSE);
}
