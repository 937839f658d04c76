/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-container-overview.h"
#include "berth-format.h"
#include "berth-ports-cell.h"
#include "berth-shell.h"

/* `docker inspect`, for people: what the container is, runs, publishes,
 * mounts and knows, with the list's actions as labelled buttons. Rebuilt
 * from each inspect answer the page reads (on every change of the live
 * container), so a state change shows in place. */

typedef struct
{
  AdwPreferencesGroup *group;
  GPtrArray           *rows;    /* the rows added to the group */
} Section;

struct _BerthContainerOverview
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkWidget           *scroller;
  GtkWidget           *action_box;
  GtkLabel            *command_label;
  GtkWidget           *command_copy;
  AdwPreferencesGroup *status_group;
  AdwPreferencesGroup *image_group;
  AdwPreferencesGroup *ports_group;
  AdwPreferencesGroup *networks_group;
  AdwPreferencesGroup *mounts_group;
  AdwPreferencesGroup *env_group;
  AdwPreferencesGroup *labels_group;
  GtkToggleButton     *reveal_button;
  AdwButtonContent    *reveal_content;

  /* Borrowed */
  BerthContainerPage  *page;

  /* Owned */
  Section              status;
  Section              image;
  Section              ports;
  Section              networks;
  Section              mounts;
  Section              env;
  Section              labels;
  GPtrArray           *env_values;   /* (element-type AdwActionRow) rows whose subtitle is a value */
  GHashTable          *values;       /* key -> shown text, for tests and accessibility */
  GtkWidget           *buttons[7];
  gboolean             loaded;
};

G_DEFINE_FINAL_TYPE (BerthContainerOverview, berth_container_overview, GTK_TYPE_WIDGET)

/* JSON, read defensively: a missing or odd member is simply not shown. */

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
get_int (JsonObject *object,
         const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

static gboolean
get_boolean (JsonObject *object,
             const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  return json_node_get_boolean (node);
}

/* Strings of a JSON array, e.g. Config.Cmd. */
static char **
get_strv (JsonObject *object,
          const char *member)
{
  JsonArray *array = get_array (object, member);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

/* "2024-05-01 10:00:00 (5 minutes ago)"; NULL for the engine's "never"
 * (0001-01-01T00:00:00Z). */
static char *
format_time (const char *iso)
{
  g_autoptr (GDateTime) time = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *relative = NULL;
  gint64 unix_time;

  if (iso == NULL || g_str_has_prefix (iso, "0001-"))
    return NULL;
  time = g_date_time_new_from_iso8601 (iso, NULL);
  if (time == NULL)
    return g_strdup (iso);

  unix_time = g_date_time_to_unix (time);
  local = g_date_time_to_local (time);
  /* Translators: a date and time, see g_date_time_format() */
  absolute = g_date_time_format (local, _("%Y-%m-%d %H:%M:%S"));
  relative = berth_format_relative_time (unix_time, g_get_real_time () / G_USEC_PER_SEC);
  /* Translators: a date and how long ago it was, e.g. "2024-05-01 10:00:00 (5 minutes ago)" */
  return g_strdup_printf (_("%s (%s)"), absolute, relative);
}

/* What an exit code usually means, for people who have not met them yet. */
static const char *
explain_exit_code (gint64   code,
                   gboolean oom_killed)
{
  if (oom_killed)
    return _("killed for using more memory than it may");
  switch (code)
    {
    case 0:
      return _("finished normally");
    case 125:
      return _("the engine could not run the container");
    case 126:
      return _("the command could not be run");
    case 127:
      return _("the command was not found");
    case 130:
      return _("interrupted (Ctrl+C, SIGINT)");
    case 137:
      return _("killed (SIGKILL: docker kill, or docker stop after its timeout)");
    case 143:
      return _("stopped (SIGTERM, as docker stop sends)");
    default:
      return _("the program reported an error");
    }
}

/* Sections ------------------------------------------------------------------- */

static void
section_clear (Section *section)
{
  for (guint i = 0; i < section->rows->len; i++)
    adw_preferences_group_remove (section->group, g_ptr_array_index (section->rows, i));
  g_ptr_array_set_size (section->rows, 0);
}

/* A row: what, in small letters, above its value (the "property" style
 * of later libadwaita, in style.css for 1.2). */
static AdwActionRow *
section_add (Section    *section,
             const char *title,
             const char *value)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (value != NULL)
    {
      adw_action_row_set_subtitle (row, value);
      gtk_widget_add_css_class (GTK_WIDGET (row), "property");
    }
  adw_preferences_group_add (section->group, GTK_WIDGET (row));
  g_ptr_array_add (section->rows, row);
  return row;
}

/* A button that copies @text, for values people paste elsewhere. */
static void
add_copy_button (AdwActionRow *row,
                 const char   *text)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Copy"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Copy"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.copy-text");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", text);
  adw_action_row_add_suffix (row, button);
}

/* A row keyed for tests: @key -> @value. */
static AdwActionRow *
add_value (BerthContainerOverview *self,
           Section                *section,
           const char             *key,
           const char             *title,
           const char             *value)
{
  if (value == NULL || *value == '\0')
    return NULL;
  g_hash_table_replace (self->values, g_strdup (key), g_strdup (value));
  return section_add (section, title, value);
}

static void
section_empty (Section    *section,
               const char *text)
{
  AdwActionRow *row = section_add (section, text, NULL);

  gtk_widget_add_css_class (GTK_WIDGET (row), "dim-label");
}

/* Status --------------------------------------------------------------------- */

static void
fill_status (BerthContainerOverview *self,
             JsonObject             *inspect)
{
  JsonObject *state = get_object (inspect, "State");
  JsonObject *health = get_object (state, "Health");
  JsonObject *policy = get_object (get_object (inspect, "HostConfig"), "RestartPolicy");
  const char *status = get_string (state, "Status");
  const char *policy_name = get_string (policy, "Name");
  g_autofree char *created = format_time (get_string (inspect, "Created"));
  g_autofree char *started = format_time (get_string (state, "StartedAt"));
  g_autofree char *finished = format_time (get_string (state, "FinishedAt"));
  g_autofree char *count = NULL;
  g_autofree char *restarts = NULL;
  g_autofree char *exit_code = NULL;
  gboolean running = get_boolean (state, "Running");
  AdwActionRow *row;

  section_clear (&self->status);
  add_value (self, &self->status, "state", _("State"),
             berth_format_state (berth_container_state_from_string (status)));
  if (health != NULL)
    add_value (self, &self->status, "health", _("Health"), get_string (health, "Status"));
  if (!running && started != NULL)
    {
      g_autofree char *code = g_strdup_printf ("%" G_GINT64_FORMAT, get_int (state, "ExitCode"));

      /* Translators: an exit code and what it usually means, e.g. "137 — killed (…)" */
      exit_code = g_strdup_printf (_("%s — %s"), code,
                                   explain_exit_code (get_int (state, "ExitCode"), get_boolean (state, "OOMKilled")));
      add_value (self, &self->status, "exit-code", _("Exit Code"), exit_code);
    }
  add_value (self, &self->status, "error", _("Error"), get_string (state, "Error"));
  add_value (self, &self->status, "created", _("Created"), created);
  add_value (self, &self->status, "started", _("Started"), started);
  if (!running)
    add_value (self, &self->status, "finished", _("Finished"), finished);

  count = g_strdup_printf ("%" G_GINT64_FORMAT, get_int (inspect, "RestartCount"));
  if (policy_name == NULL || *policy_name == '\0' || g_str_equal (policy_name, "no"))
    /* Translators: how often the engine restarted the container */
    restarts = g_strdup_printf (_("%s (restart policy “no”: never restarted automatically)"), count);
  else
    /* Translators: how often the engine restarted the container, and its --restart policy */
    restarts = g_strdup_printf (_("%s (restart policy “%s”)"), count, policy_name);
  add_value (self, &self->status, "restart-count", _("Restarts"), restarts);
  row = add_value (self, &self->status, "id", _("ID"), get_string (inspect, "Id"));
  if (row != NULL)
    add_copy_button (row, get_string (inspect, "Id"));
}

static void
fill_image (BerthContainerOverview *self,
            JsonObject             *inspect)
{
  JsonObject *config = get_object (inspect, "Config");
  g_auto (GStrv) entrypoint = get_strv (config, "Entrypoint");
  g_auto (GStrv) cmd = get_strv (config, "Cmd");
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) command = NULL;
  g_autofree char *joined = NULL;
  const char *image_id = get_string (inspect, "Image");
  g_autofree char *image = NULL;

  section_clear (&self->image);

  if (image_id != NULL && g_str_has_prefix (image_id, "sha256:"))
    image = g_strdup_printf ("%s (%.12s)", get_string (config, "Image"), image_id + strlen ("sha256:"));
  else
    image = g_strdup (get_string (config, "Image"));
  add_value (self, &self->image, "image", _("Image"), image);

  g_strv_builder_addv (builder, (const char **) entrypoint);
  g_strv_builder_addv (builder, (const char **) cmd);
  command = g_strv_builder_end (builder);
  if (command[0] != NULL)
    joined = berth_shell_join ((const char * const *) command);
  if (add_value (self, &self->image, "command", _("Command"), joined) != NULL)
    add_copy_button (g_ptr_array_index (self->image.rows, self->image.rows->len - 1), joined);
  add_value (self, &self->image, "working-dir", _("Working Folder"), get_string (config, "WorkingDir"));
  add_value (self, &self->image, "user", _("User"), get_string (config, "User"));
  add_value (self, &self->image, "tty",
             _("Terminal"),
             get_boolean (config, "Tty")
               ? (get_boolean (config, "OpenStdin") ? _("Yes, interactive (docker run -it): you can attach to it")
                                                    : _("Yes (docker run -t)"))
               : _("No: output is kept as separate stdout and stderr"));
}

/* Ports ---------------------------------------------------------------------- */

static void
add_port_row (BerthContainerOverview *self,
              const char             *container_port,
              JsonObject             *binding)
{
  g_autofree char *title = NULL;
  g_autofree char *uri = NULL;
  g_auto (GStrv) parts = g_strsplit (container_port, "/", 2);
  const char *host_port = get_string (binding, "HostPort");
  const char *host_ip = get_string (binding, "HostIp");
  BerthPort port = { 0 };
  AdwActionRow *row;

  if (binding == NULL || host_port == NULL || *host_port == '\0')
    {
      title = g_strdup_printf (_("%s — not published"), container_port);
      section_add (&self->ports, title, _("Reachable only from other containers on its networks"));
      return;
    }

  port.ip = (char *) host_ip;
  port.public_port = (guint16) g_ascii_strtoull (host_port, NULL, 10);
  port.private_port = (guint16) g_ascii_strtoull (parts[0], NULL, 10);
  port.protocol = parts[1] ? parts[1] : (char *) "tcp";
  uri = berth_port_uri (&port);

  /* Translators: a published port: "0.0.0.0:8080 → 80/tcp" */
  title = g_strdup_printf (_("%s:%s → %s"), host_ip && *host_ip ? host_ip : "0.0.0.0", host_port, container_port);
  row = section_add (&self->ports, title, NULL);
  g_hash_table_replace (self->values, g_strdup ("ports"), g_strdup (title));
  if (uri != NULL)
    {
      GtkWidget *link = gtk_link_button_new_with_label (uri, uri);
      g_autofree char *tooltip = g_strdup_printf (_("Open %s in the browser"), uri);

      gtk_widget_set_valign (link, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (link, tooltip);
      adw_action_row_add_suffix (row, link);
    }
}

static void
fill_ports (BerthContainerOverview *self,
            JsonObject             *inspect)
{
  JsonObject *ports = get_object (get_object (inspect, "NetworkSettings"), "Ports");
  g_autoptr (GList) names = ports ? json_object_get_members (ports) : NULL;

  section_clear (&self->ports);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonArray *bindings = get_array (ports, l->data);
      guint n = bindings ? json_array_get_length (bindings) : 0;

      if (n == 0)
        add_port_row (self, l->data, NULL);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *node = json_array_get_element (bindings, i);

          add_port_row (self, l->data, JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL);
        }
    }
  if (names == NULL)
    section_empty (&self->ports, get_boolean (get_object (inspect, "State"), "Running")
                                   ? _("No ports are published")
                                   : _("No ports are published (ports show while the container runs)"));
}

/* Networks and mounts -------------------------------------------------------- */

static void
fill_networks (BerthContainerOverview *self,
               JsonObject             *inspect)
{
  JsonObject *networks = get_object (get_object (inspect, "NetworkSettings"), "Networks");
  g_autoptr (GList) names = networks ? json_object_get_members (networks) : NULL;

  section_clear (&self->networks);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *network = get_object (networks, l->data);
      const char *ip = get_string (network, "IPAddress");
      const char *gateway = get_string (network, "Gateway");
      g_autofree char *subtitle = NULL;

      if (ip != NULL && *ip != '\0')
        subtitle = gateway && *gateway
                     ? g_strdup_printf (_("IP address %s, gateway %s"), ip, gateway)
                     : g_strdup_printf (_("IP address %s"), ip);
      else
        subtitle = g_strdup (_("No address (the container is not running)"));
      section_add (&self->networks, l->data, subtitle);
      if (ip != NULL && *ip != '\0')
        g_hash_table_replace (self->values, g_strdup ("ip"), g_strdup (ip));
    }
  if (names == NULL)
    section_empty (&self->networks, _("Not connected to any network"));
}

static void
fill_mounts (BerthContainerOverview *self,
             JsonObject             *inspect)
{
  JsonArray *mounts = get_array (inspect, "Mounts");
  guint n = mounts ? json_array_get_length (mounts) : 0;

  section_clear (&self->mounts);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (mounts, i);
      JsonObject *mount = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *type = get_string (mount, "Type");
      g_autofree char *subtitle = NULL;
      AdwActionRow *row;

      if (g_strcmp0 (type, "volume") == 0)
        subtitle = g_strdup_printf (_("Volume %s"), get_string (mount, "Name"));
      else if (g_strcmp0 (type, "bind") == 0)
        subtitle = g_strdup_printf (_("Folder %s of the engine’s computer"), get_string (mount, "Source"));
      else if (g_strcmp0 (type, "tmpfs") == 0)
        subtitle = g_strdup (_("In memory only (tmpfs)"));
      else
        subtitle = g_strdup (get_string (mount, "Source"));

      row = section_add (&self->mounts, get_string (mount, "Destination"), subtitle);
      if (!get_boolean (mount, "RW"))
        {
          GtkWidget *label = gtk_label_new (_("Read-only"));

          gtk_widget_add_css_class (label, "dim-label");
          adw_action_row_add_suffix (row, label);
        }
    }
  if (n == 0)
    section_empty (&self->mounts, _("Nothing mounted: files written inside are lost when the container is removed"));
}

/* Environment and labels ----------------------------------------------------- */

static void
update_env_values (BerthContainerOverview *self)
{
  gboolean revealed = gtk_toggle_button_get_active (self->reveal_button);

  for (guint i = 0; i < self->env_values->len; i++)
    {
      AdwActionRow *row = g_ptr_array_index (self->env_values, i);
      const char *value = g_object_get_data (G_OBJECT (row), "value");

      adw_action_row_set_subtitle (row, revealed ? value : (*value ? "••••••••" : ""));
    }
  adw_button_content_set_icon_name (self->reveal_content,
                                    revealed ? "view-conceal-symbolic" : "view-reveal-symbolic");
  adw_button_content_set_label (self->reveal_content, revealed ? _("_Hide Values") : _("_Show Values"));
}

static void
reveal_toggled_cb (BerthContainerOverview *self)
{
  update_env_values (self);
}

static void
fill_env (BerthContainerOverview *self,
          JsonObject             *inspect)
{
  g_auto (GStrv) env = get_strv (get_object (inspect, "Config"), "Env");

  section_clear (&self->env);
  g_ptr_array_set_size (self->env_values, 0);
  for (guint i = 0; env[i] != NULL; i++)
    {
      const char *equals = strchr (env[i], '=');
      g_autofree char *name = equals ? g_strndup (env[i], equals - env[i]) : g_strdup (env[i]);
      AdwActionRow *row = section_add (&self->env, name, "");

      g_object_set_data_full (G_OBJECT (row), "value", g_strdup (equals ? equals + 1 : ""), g_free);
      g_ptr_array_add (self->env_values, row);
    }
  if (env[0] == NULL)
    section_empty (&self->env, _("No variables"));
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button), env[0] != NULL);
  update_env_values (self);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
fill_labels (BerthContainerOverview *self,
             JsonObject             *inspect)
{
  JsonObject *labels = get_object (get_object (inspect, "Config"), "Labels");
  g_autoptr (GList) names = labels ? json_object_get_members (labels) : NULL;
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();

  section_clear (&self->labels);
  for (GList *l = names; l != NULL; l = l->next)
    g_ptr_array_add (sorted, l->data);
  g_ptr_array_sort (sorted, compare_strings);

  for (guint i = 0; i < sorted->len; i++)
    section_add (&self->labels, g_ptr_array_index (sorted, i),
                 get_string (labels, g_ptr_array_index (sorted, i)));
  if (sorted->len == 0)
    section_empty (&self->labels, _("No labels"));
}

/* Actions -------------------------------------------------------------------- */

typedef struct
{
  const char *verb;
  const char *label;
  const char *icon_name;
  const char *docker;
} Action;

static const Action actions[] = {
  { "start", N_("_Start"), "media-playback-start-symbolic", "start" },
  { "stop", N_("S_top"), "media-playback-stop-symbolic", "stop" },
  { "restart", N_("_Restart"), "view-refresh-symbolic", "restart" },
  { "pause", N_("_Pause"), "media-playback-pause-symbolic", "pause" },
  { "unpause", N_("Res_ume"), "media-playback-start-symbolic", "unpause" },
  { "kill", N_("_Kill"), "process-stop-symbolic", "kill" },
  { "remove", N_("Re_move…"), "user-trash-symbolic", "rm" },
};

static void
create_buttons (BerthContainerOverview *self)
{
  G_STATIC_ASSERT (G_N_ELEMENTS (actions) == G_N_ELEMENTS (self->buttons));

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = adw_button_content_new ();

      adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), actions[i].icon_name);
      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _(actions[i].label));
      adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
      gtk_button_set_child (GTK_BUTTON (button), content);
      if (g_str_equal (actions[i].verb, "remove"))
        gtk_widget_add_css_class (button, "destructive-action");
      gtk_box_append (GTK_BOX (self->action_box), button);
      self->buttons[i] = button;
    }
}

/* The buttons follow the live state, like the list's. */
static void
update_buttons (BerthContainerOverview *self)
{
  BerthContainer *container = berth_container_page_get_container (self->page);
  const char *id = berth_container_page_get_container_id (self->page);
  g_autofree char *quoted = berth_shell_quote (berth_container_page_get_name (self->page));
  BerthContainerState state = berth_container_get_state (container);
  gboolean active = berth_container_is_active (container);
  gboolean gone = berth_container_page_get_gone (self->page);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      const char *verb = actions[i].verb;
      g_autofree char *tooltip = g_strdup_printf ("docker %s %s", actions[i].docker, quoted);
      gboolean visible = TRUE;

      if (g_str_equal (verb, "start"))
        visible = !active;
      else if (g_str_equal (verb, "stop"))
        visible = active;
      else if (g_str_equal (verb, "pause"))
        visible = state != BERTH_CONTAINER_STATE_PAUSED;
      else if (g_str_equal (verb, "unpause"))
        visible = state == BERTH_CONTAINER_STATE_PAUSED;

      gtk_widget_set_visible (self->buttons[i], visible);
      gtk_widget_set_tooltip_text (self->buttons[i], tooltip);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->buttons[i]), "page.act");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->buttons[i]), "(ss)", verb, id);
      gtk_widget_set_sensitive (self->buttons[i], !gone &&
                                (!g_str_equal (verb, "pause") || state == BERTH_CONTAINER_STATE_RUNNING) &&
                                (!g_str_equal (verb, "kill") || state == BERTH_CONTAINER_STATE_RUNNING ||
                                 state == BERTH_CONTAINER_STATE_RESTARTING));
    }
}

/* Filling -------------------------------------------------------------------- */

static void
inspected_cb (BerthContainerOverview *self,
              JsonObject             *inspect)
{
  double scroll = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)));

  fill_status (self, inspect);
  fill_image (self, inspect);
  fill_ports (self, inspect);
  fill_networks (self, inspect);
  fill_mounts (self, inspect);
  fill_env (self, inspect);
  fill_labels (self, inspect);
  update_buttons (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), scroll);
  self->loaded = TRUE;
}

static void
update_command (BerthContainerOverview *self)
{
  g_autofree char *quoted = berth_shell_quote (berth_container_page_get_name (self->page));
  g_autofree char *command = g_strdup_printf ("docker inspect %s", quoted);

  gtk_label_set_label (self->command_label, command);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->command_copy), "s", command);
}

/* Public --------------------------------------------------------------------- */

/* Whether an inspect answer is shown. */
gboolean
berth_container_overview_get_loaded (BerthContainerOverview *self)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER_OVERVIEW (self), FALSE);
  return self->loaded;
}

/**
 * berth_container_overview_get_value:
 * @key: "state", "image", "command", "restart-count", "exit-code",
 *   "created", "started", "ports", "ip", …
 *
 * Returns: (nullable): the text shown for @key
 */
const char *
berth_container_overview_get_value (BerthContainerOverview *self,
                                    const char             *key)
{
  g_return_val_if_fail (BERTH_IS_CONTAINER_OVERVIEW (self), NULL);
  return g_hash_table_lookup (self->values, key);
}

void
berth_container_overview_set_env_revealed (BerthContainerOverview *self,
                                           gboolean                revealed)
{
  g_return_if_fail (BERTH_IS_CONTAINER_OVERVIEW (self));
  gtk_toggle_button_set_active (self->reveal_button, revealed);
}

/* GObject -------------------------------------------------------------------- */

static void
section_init (Section             *section,
              AdwPreferencesGroup *group)
{
  section->group = group;
  section->rows = g_ptr_array_new ();
}

static void
berth_container_overview_dispose (GObject *object)
{
  BerthContainerOverview *self = BERTH_CONTAINER_OVERVIEW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_CONTAINER_OVERVIEW);
  /* Children without an id in the template are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (berth_container_overview_parent_class)->dispose (object);
}

static void
berth_container_overview_finalize (GObject *object)
{
  BerthContainerOverview *self = BERTH_CONTAINER_OVERVIEW (object);
  Section *sections[] = { &self->status, &self->image, &self->ports, &self->networks,
                          &self->mounts, &self->env, &self->labels };

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    g_ptr_array_unref (sections[i]->rows);
  g_ptr_array_unref (self->env_values);
  g_hash_table_unref (self->values);

  G_OBJECT_CLASS (berth_container_overview_parent_class)->finalize (object);
}

static void
berth_container_overview_class_init (BerthContainerOverviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_container_overview_dispose;
  object_class->finalize = berth_container_overview_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/berthapp/Berth/ui/berth-container-overview.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthContainerOverview, scroller);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerOverview, action_box);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerOverview, command_label);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerOverview, command_copy);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerOverview, status_group);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerOverview, image_group);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerOverview, ports_group);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerOverview, networks_group);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerOverview, mounts_group);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerOverview, env_group);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerOverview, labels_group);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerOverview, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, BerthContainerOverview, reveal_content);
  gtk_widget_class_bind_template_callback (widget_class, reveal_toggled_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
berth_container_overview_init (BerthContainerOverview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  section_init (&self->status, self->status_group);
  section_init (&self->image, self->image_group);
  section_init (&self->ports, self->ports_group);
  section_init (&self->networks, self->networks_group);
  section_init (&self->mounts, self->mounts_group);
  section_init (&self->env, self->env_group);
  section_init (&self->labels, self->labels_group);
  self->env_values = g_ptr_array_new ();
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  create_buttons (self);
}

GtkWidget *
berth_container_overview_new (BerthContainerPage *page)
{
  BerthContainerOverview *self;
  BerthContainer *container;

  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (page), NULL);

  self = g_object_new (BERTH_TYPE_CONTAINER_OVERVIEW, NULL);
  self->page = page;
  container = berth_container_page_get_container (page);

  g_signal_connect_object (page, "inspected", G_CALLBACK (inspected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::gone", G_CALLBACK (update_buttons), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (container, "notify::state", G_CALLBACK (update_buttons), self, G_CONNECT_SWAPPED);
  update_command (self);
  update_buttons (self);
  return GTK_WIDGET (self);
}
