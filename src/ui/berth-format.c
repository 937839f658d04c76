/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The engine words durations like go-units' HumanDuration: "Less than a
 * second", "1 second", "5 seconds", "About a minute", "3 minutes", "About an
 * hour", "12 hours", "4 days", "3 weeks", "5 months", "2 years". */
static char *
translate_duration (const char *text)
{
  static const struct { const char *one, *many; } units[] = {
    { "second", "seconds" }, { "minute", "minutes" }, { "hour", "hours" },
    { "day", "days" }, { "week", "weeks" }, { "month", "months" }, { "year", "years" },
  };
  char unit[16] = "";
  int n = 0;

  if (g_str_equal (text, "Less than a second"))
    return g_strdup (_("less than a second"));
  if (g_str_equal (text, "About a minute"))
    return g_strdup (_("about a minute"));
  if (g_str_equal (text, "About an hour"))
    return g_strdup (_("about an hour"));
  if (sscanf (text, "%d %15s", &n, unit) != 2 || n < 0)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (!g_str_equal (unit, units[i].one) && !g_str_equal (unit, units[i].many))
        continue;

      switch (i)
        {
        case 0: return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second", "%d seconds", n), n);
        case 1: return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", n), n);
        case 2: return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", n), n);
        case 3: return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", n), n);
        case 4: return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d week", "%d weeks", n), n);
        case 5: return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d month", "%d months", n), n);
        default: return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year", "%d years", n), n);
        }
    }

  return NULL;
}

static const char *
health_suffix (const char *suffix)
{
  if (suffix == NULL || *suffix == '\0')
    return "";
  if (g_str_equal (suffix, " (Paused)"))
    return _(" (paused)");
  if (g_str_equal (suffix, " (healthy)"))
    return _(" (healthy)");
  if (g_str_equal (suffix, " (unhealthy)"))
    return _(" (unhealthy)");
  if (g_str_equal (suffix, " (health: starting)"))
    return _(" (health check starting)");
  return NULL;
}

static char *
translate_up (const char *rest)
{
  const char *paren = strstr (rest, " (");
  g_autofree char *duration = paren ? g_strndup (rest, paren - rest) : g_strdup (rest);
  g_autofree char *translated = translate_duration (duration);
  const char *suffix = health_suffix (paren);

  if (translated == NULL || suffix == NULL)
    return NULL;
  /* Translators: a running container's status, e.g. "Up 5 minutes (healthy)" */
  return g_strdup_printf (_("Up %s%s"), translated, suffix);
}

/* "Exited (0) 2 hours ago", "Restarting (1) 3 seconds ago" */
static char *
translate_exited (const char *status,
                  gboolean    restarting)
{
  const char *rest = status + strlen (restarting ? "Restarting (" : "Exited (");
  g_autofree char *duration = NULL;
  g_autofree char *translated = NULL;
  const char *close = strchr (rest, ')');
  char *end;
  long code;

  code = strtol (rest, &end, 10);
  if (close == NULL || end != close || close[1] != ' ' || !g_str_has_suffix (close + 2, " ago"))
    return NULL;

  duration = g_strndup (close + 2, strlen (close + 2) - strlen (" ago"));
  translated = translate_duration (duration);
  if (translated == NULL)
    return NULL;

  if (restarting)
    /* Translators: exit code, then how long ago, e.g. "Restarting (1) 3 seconds ago" */
    return g_strdup_printf (_("Restarting (%ld) %s ago"), code, translated);
  /* Translators: exit code, then how long ago, e.g. "Exited (0) 2 hours ago" */
  return g_strdup_printf (_("Exited (%ld) %s ago"), code, translated);
}

/**
 * berth_format_status:
 * @status: the engine's status text of a container
 *
 * The engine always words a container's status in English ("Up 5
 * minutes"); this says the same in the user's language. Text it does not
 * recognise is returned unchanged.
 *
 * Returns: (transfer full): the status for people
 */
char *
berth_format_status (const char *status)
{
  char *translated = NULL;

  if (status == NULL)
    return g_strdup ("");

  if (g_str_has_prefix (status, "Up "))
    translated = translate_up (status + strlen ("Up "));
  else if (g_str_has_prefix (status, "Exited ("))
    translated = translate_exited (status, FALSE);
  else if (g_str_has_prefix (status, "Restarting ("))
    translated = translate_exited (status, TRUE);
  else if (g_str_equal (status, "Created"))
    translated = g_strdup (C_("container status", "Created"));
  else if (g_str_equal (status, "Removal In Progress"))
    translated = g_strdup (_("Being removed"));
  else if (g_str_equal (status, "Dead"))
    translated = g_strdup (C_("container status", "Dead"));

  return translated ? translated : g_strdup (status);
}
