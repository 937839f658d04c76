/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-exec-session.h"
#include "berth-shell.h"
#include "berth-terminal-view.h"

/* `docker exec -it NAME sh` (and `docker attach NAME`) in tabs. Each tab is
 * a VteTerminal without a child process: the session's output is fed to
 * it, what the user types or pastes comes back in "commit" and goes to the
 * session, and a change of the terminal's grid (noticed after each
 * allocation, VTE has no signal for it) becomes an exec resize.
 *
 * Whatever ends a session (the shell exits, the container stops or is
 * removed, the engine goes away, the user detaches) ends in a sentence at
 * the bottom of its tab and a way to start again; never a silent, dead
 * terminal. */

/* A VteTerminal that says when its grid changes ------------------------------ */

#define BERTH_TYPE_VTE (berth_vte_get_type ())

G_DECLARE_FINAL_TYPE (BerthVte, berth_vte, BERTH, VTE, VteTerminal)

struct _BerthVte
{
  VteTerminal parent_instance;

  glong       columns;
  glong       rows;
};

enum {
  GRID_CHANGED,
  N_VTE_SIGNALS
};

static guint vte_signals[N_VTE_SIGNALS];

G_DEFINE_FINAL_TYPE (BerthVte, berth_vte, VTE_TYPE_TERMINAL)

static void
berth_vte_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  BerthVte *self = BERTH_VTE (widget);
  glong columns, rows;

  GTK_WIDGET_CLASS (berth_vte_parent_class)->size_allocate (widget, width, height, baseline);

  columns = vte_terminal_get_column_count (VTE_TERMINAL (self));
  rows = vte_terminal_get_row_count (VTE_TERMINAL (self));
  if (columns == self->columns && rows == self->rows)
    return;
  self->columns = columns;
  self->rows = rows;
  g_signal_emit (self, vte_signals[GRID_CHANGED], 0);
}

static void
berth_vte_class_init (BerthVteClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->size_allocate = berth_vte_size_allocate;

  vte_signals[GRID_CHANGED] =
    g_signal_new ("grid-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
berth_vte_init (BerthVte *self)
{
}

/* Colours -------------------------------------------------------------------- */

/* The palettes of GNOME's terminals, with red and yellow deep enough to
 * read on white (stderr is red in the logs). */
static const char * const light_palette[16] = {
  "#241f31", "#c01c28", "#26a269", "#9c6e03", "#1a5fb4", "#813d9c", "#0f7b8a", "#9a9996",
  "#5e5c64", "#e01b24", "#2ec27e", "#c88800", "#3584e4", "#9141ac", "#1b99ad", "#c0bfbc",
};

static const char * const dark_palette[16] = {
  "#241f31", "#f66151", "#57e389", "#f8e45c", "#62a0ea", "#c061cb", "#4fd2fd", "#c0bfbc",
  "#77767b", "#ff7b63", "#8ff0a4", "#f9f06b", "#99c1f1", "#dc8add", "#93ddf2", "#f6f5f4",
};

static void
apply_colors (VteTerminal *terminal)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  const char * const *names = dark ? dark_palette : light_palette;
  GdkRGBA palette[16], fg, bg;

  for (guint i = 0; i < G_N_ELEMENTS (palette); i++)
    gdk_rgba_parse (&palette[i], names[i]);
  gdk_rgba_parse (&fg, dark ? "#ffffff" : "#241f31");
  gdk_rgba_parse (&bg, dark ? "#1e1e1e" : "#ffffff");
  vte_terminal_set_colors (terminal, &fg, &bg, palette, G_N_ELEMENTS (palette));
}

/**
 * berth_terminal_apply_style:
 *
 * Colours that follow the light or dark style, now and when it changes.
 */
void
berth_terminal_apply_style (VteTerminal *terminal)
{
  g_return_if_fail (VTE_IS_TERMINAL (terminal));

  apply_colors (terminal);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (apply_colors), terminal, G_CONNECT_SWAPPED);
  vte_terminal_set_bold_is_bright (terminal, FALSE);
  vte_terminal_set_cursor_blink_mode (terminal, VTE_CURSOR_BLINK_OFF);
}

/* Returns: (transfer full): all the text, scrollback included */
char *
berth_terminal_dup_text (VteTerminal *terminal)
{
  glong column, cursor, first, last;

  g_return_val_if_fail (VTE_IS_TERMINAL (terminal), NULL);

  /* From the cursor's row, which is current even before the scrolling
   * adjustment catches up with new output. */
  vte_terminal_get_cursor_position (terminal, &column, &cursor);
  last = cursor + vte_terminal_get_row_count (terminal);
  first = MAX (0, cursor - vte_terminal_get_row_count (terminal) - vte_terminal_get_scrollback_lines (terminal));
  return vte_terminal_get_text_range (terminal, first, 0, last,
                                      vte_terminal_get_column_count (terminal) - 1,
                                      NULL, NULL, NULL);
}

/* The view ------------------------------------------------------------------- */

struct _BerthTerminalView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkStringList      *shells;
  GtkWidget          *new_button;
  GtkDropDown        *shell_dropdown;
  GtkEntry           *user_entry;
  GtkEntry           *dir_entry;
  GtkWidget          *attach_button;
  GtkLabel           *command_label;
  GtkWidget          *command_copy;
  GtkStack           *stack;
  AdwStatusPage      *status_page;
  GtkButton          *status_button;
  AdwTabView         *tab_view;

  /* Borrowed */
  BerthContainerPage *page;

  /* Owned */
  GCancellable       *cancellable;
  char               *command;
  char               *shells_error;
  guint               n_opened;
  gboolean            shells_known;
  gboolean            finding_shells;
  gboolean            auto_opened;
  gboolean            can_attach;
};

G_DEFINE_FINAL_TYPE (BerthTerminalView, berth_terminal_view, GTK_TYPE_WIDGET)

/* One tab: a terminal and the session behind it. Owned by the tab's
 * child widget, freed with it. */
typedef struct
{
  BerthTerminalView *view;
  GtkWidget         *box;
  VteTerminal       *terminal;
  GtkRevealer       *revealer;
  GtkLabel          *message;
  GtkWidget         *again_button;
  BerthExecSession  *session;
  GCancellable      *cancellable;
  char              *shell;       /* NULL when attached */
  char              *user;
  char              *working_dir;
  char              *message_text;
  char              *command;
} Tab;

static void update_view    (BerthTerminalView *self);
static void update_caption (BerthTerminalView *self);
static void start_session  (Tab               *tab);

/* Ending a shell -------------------------------------------------------------
 *
 * With a TTY the engine does not end an exec'd process when its connection
 * closes (nor does `docker exec -it` when its terminal goes away): the
 * shell would stay in the container. So a tab that closes first types
 * Ctrl+C (drop the line, interrupt what runs) and Ctrl+D (end of input:
 * the shell exits), gives the shell a moment to go, then closes. An
 * attached session only disconnects: its process is the container's. */

#define HANG_UP_MS 3000

typedef struct
{
  BerthExecSession *session;
  guint             timeout_id;
} HangUp;

static void
hang_up_done (HangUp *hang_up)
{
  g_clear_handle_id (&hang_up->timeout_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (hang_up->session, hang_up);
  berth_exec_session_close (hang_up->session);
  g_object_unref (hang_up->session);
  g_free (hang_up);
}

static gboolean
hang_up_timeout_cb (gpointer user_data)
{
  HangUp *hang_up = user_data;

  hang_up->timeout_id = 0;
  hang_up_done (hang_up);
  return G_SOURCE_REMOVE;
}

static void
hang_up (BerthExecSession *session)
{
  HangUp *hang_up;

  if (berth_exec_session_get_attach (session) || !berth_exec_session_get_running (session))
    {
      berth_exec_session_close (session);
      return;
    }

  hang_up = g_new0 (HangUp, 1);
  hang_up->session = g_object_ref (session);
  g_signal_connect_swapped (session, "ended", G_CALLBACK (hang_up_done), hang_up);
  hang_up->timeout_id = g_timeout_add (HANG_UP_MS, hang_up_timeout_cb, hang_up);
  berth_exec_session_write (session, "\003\004", 2);
}

static void
tab_end_session (Tab *tab)
{
  if (tab->cancellable != NULL)
    g_cancellable_cancel (tab->cancellable);
  g_clear_object (&tab->cancellable);
  if (tab->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (tab->session, tab);
      hang_up (tab->session);
    }
  g_clear_object (&tab->session);
}

static void
tab_free (Tab *tab)
{
  tab_end_session (tab);
  g_free (tab->shell);
  g_free (tab->user);
  g_free (tab->working_dir);
  g_free (tab->message_text);
  g_free (tab->command);
  g_free (tab);
}

static Tab *
tab_for_page (AdwTabPage *page)
{
  return page ? g_object_get_data (G_OBJECT (adw_tab_page_get_child (page)), "berth-tab") : NULL;
}

static Tab *
selected_tab (BerthTerminalView *self)
{
  return tab_for_page (adw_tab_view_get_selected_page (self->tab_view));
}

/* The line at the bottom of a tab, with a button when starting again
 * makes sense. */
static void
tab_set_message (Tab        *tab,
                 const char *text,
                 const char *button)
{
  g_free (tab->message_text);
  tab->message_text = g_strdup (text);
  gtk_label_set_label (tab->message, text);
  gtk_revealer_set_reveal_child (tab->revealer, text != NULL);
  gtk_widget_set_visible (tab->again_button, button != NULL);
  if (button != NULL)
    gtk_button_set_label (GTK_BUTTON (tab->again_button), button);
}

/* Also in the terminal, so it stays in the scrollback. */
static void
tab_feed_note (Tab        *tab,
               const char *text)
{
  g_autofree char *line = g_strdup_printf ("\r\n\033[2;3m[%s]\033[0m\r\n", text);

  vte_terminal_feed (tab->terminal, line, -1);
}

/* Session signals ------------------------------------------------------------- */

static void
session_output_cb (BerthExecSession *session,
                   BerthStreamType   type,
                   GBytes           *bytes,
                   Tab              *tab)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  vte_terminal_feed (tab->terminal, data, length);
}

static void
session_ended_cb (BerthExecSession *session,
                  BerthStreamEnd    reason,
                  int               exit_code,
                  const GError     *error,
                  Tab              *tab)
{
  g_autofree char *text = NULL;
  const char *button = _("_Start a New Session");

  switch (reason)
    {
    case BERTH_STREAM_END_COMPLETE:
      if (exit_code >= 0)
        text = g_strdup_printf (_("Process exited with code %d"), exit_code);
      else
        text = g_strdup (_("Process exited"));
      break;
    case BERTH_STREAM_END_CONTAINER_STOPPED:
      if (tab->shell == NULL && exit_code >= 0)
        text = g_strdup_printf (_("The container stopped (exit code %d), so the session ended. Start the container to use a terminal again."),
                                exit_code);
      else
        text = g_strdup (_("The container stopped, so the session ended. Start the container to use a terminal again."));
      break;
    case BERTH_STREAM_END_CONTAINER_REMOVED:
      text = g_strdup (_("The container was removed, so the session ended."));
      button = NULL;
      break;
    case BERTH_STREAM_END_DETACHED:
      text = g_strdup (_("Detached. The container keeps running."));
      button = _("_Attach Again");
      break;
    case BERTH_STREAM_END_FAILED:
    default:
      text = g_strdup_printf (_("The session ended: %s"), error ? error->message : _("unknown error"));
      break;
    }

  tab_feed_note (tab, text);
  vte_terminal_feed (tab->terminal, "\033[?25l", -1);
  tab_set_message (tab, text, button);
  vte_terminal_set_input_enabled (tab->terminal, FALSE);
  if (tab->view != NULL)
    update_view (tab->view);
}

static void
terminal_commit_cb (VteTerminal *terminal,
                    const char  *text,
                    guint        size,
                    Tab         *tab)
{
  if (tab->session != NULL && berth_exec_session_get_running (tab->session))
    berth_exec_session_write (tab->session, text, size);
}

static void
resize_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!berth_exec_session_resize_finish (BERTH_EXEC_SESSION (object), result, &error))
    g_debug ("Could not resize the terminal: %s", error->message);
}

static void
grid_changed_cb (VteTerminal *terminal,
                 Tab         *tab)
{
  glong rows = vte_terminal_get_row_count (terminal);
  glong columns = vte_terminal_get_column_count (terminal);

  if (tab->session == NULL || rows <= 0 || columns <= 0)
    return;
  if (!berth_exec_session_get_running (tab->session))
    {
      berth_exec_session_set_size (tab->session, rows, columns);
      return;
    }
  berth_exec_session_resize_async (tab->session, rows, columns, NULL, resize_cb, NULL);
}

/* Starting ------------------------------------------------------------------- */

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Tab *tab = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  if (!berth_exec_session_start_finish (BERTH_EXEC_SESSION (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = tab->shell ? g_strdup_printf (_("Could not open %s: %s"), tab->shell, error->message)
                        : g_strdup_printf (_("Could not attach: %s"), error->message);
      tab_feed_note (tab, text);
      tab_set_message (tab, text, _("_Try Again"));
      update_view (tab->view);
      return;
    }

  vte_terminal_set_input_enabled (tab->terminal, TRUE);
  berth_container_page_log_command (GTK_WIDGET (tab->view), tab->command,
                                    tab->shell ? _("Opened a terminal in the container")
                                               : _("Attached to the container’s main process"));
  if (gtk_widget_get_mapped (tab->box))
    gtk_widget_grab_focus (GTK_WIDGET (tab->terminal));
  update_view (tab->view);
}

static void
start_session (Tab *tab)
{
  BerthContainerPage *page = tab->view->page;
  BerthEngine *engine = berth_container_page_get_engine (page);
  const char *id = berth_container_page_get_container_id (page);
  g_auto (GStrv) cli = NULL;
  g_autofree char *joined = NULL;
  glong rows = vte_terminal_get_row_count (tab->terminal);
  glong columns = vte_terminal_get_column_count (tab->terminal);

  tab_end_session (tab);
  tab_set_message (tab, NULL, NULL);

  if (tab->shell != NULL)
    {
      const char *argv[] = { tab->shell, NULL };

      tab->session = berth_exec_session_new (engine, id, argv);
      berth_exec_session_set_user (tab->session, tab->user);
      berth_exec_session_set_working_dir (tab->session, tab->working_dir);
    }
  else
    {
      tab->session = berth_exec_session_new_attach (engine, id);
      berth_exec_session_set_detach_keys (tab->session, "ctrl-p,ctrl-q");
    }

  /* Commands show the name people use, not the id. */
  cli = berth_exec_session_dup_cli_argv (tab->session);
  for (guint i = 0; cli[i] != NULL; i++)
    if (g_str_equal (cli[i], id))
      {
        g_free (cli[i]);
        cli[i] = g_strdup (berth_container_page_get_name (page));
      }
  joined = berth_shell_join ((const char * const *) cli);
  g_free (tab->command);
  tab->command = g_steal_pointer (&joined);
  gtk_widget_set_tooltip_text (tab->box, tab->command);
  update_caption (tab->view);

  if (rows > 0 && columns > 0)
    berth_exec_session_set_size (tab->session, rows, columns);
  g_signal_connect (tab->session, "output", G_CALLBACK (session_output_cb), tab);
  g_signal_connect (tab->session, "ended", G_CALLBACK (session_ended_cb), tab);

  tab->cancellable = g_cancellable_new ();
  berth_exec_session_start_async (tab->session, tab->cancellable, started_cb, tab);
}

static void
again_clicked_cb (GtkButton *button,
                  Tab       *tab)
{
  tab_feed_note (tab, _("New session"));
  vte_terminal_feed (tab->terminal, "\033[?25h", -1);
  start_session (tab);
}

static gboolean
copy_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  Tab *tab = user_data;

  vte_terminal_copy_clipboard_format (tab->terminal, VTE_FORMAT_TEXT);
  return TRUE;
}

static gboolean
paste_shortcut_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  Tab *tab = user_data;

  vte_terminal_paste_clipboard (tab->terminal);
  return TRUE;
}

/* Before VTE sees them: Ctrl+Shift+C/V are the terminal's copy and paste. */
static void
add_tab_shortcuts (Tab *tab)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>c"),
                      gtk_callback_action_new (copy_shortcut_cb, tab, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>v"),
                      gtk_callback_action_new (paste_shortcut_cb, tab, NULL)));
  gtk_widget_add_controller (tab->box, controller);
}

static GtkWidget *
attach_notice_new (void)
{
  GtkWidget *label = gtk_label_new (_("Attached to the container’s main process: what you type goes to it. "
                                      "Typing exit or pressing Ctrl+D ends that process, which stops the container. "
                                      "To leave it running, press Ctrl+P and then Ctrl+Q (docker’s detach keys)."));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "terminal-notice");
  return label;
}

static Tab *
tab_new (BerthTerminalView *self,
         const char        *shell,
         const char        *user,
         const char        *working_dir)
{
  Tab *tab = g_new0 (Tab, 1);
  GtkWidget *bar, *terminal;

  tab->view = self;
  tab->shell = g_strdup (shell);
  tab->user = g_strdup (user);
  tab->working_dir = g_strdup (working_dir);

  tab->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_object_set_data_full (G_OBJECT (tab->box), "berth-tab", tab, (GDestroyNotify) tab_free);
  if (shell == NULL)
    gtk_box_append (GTK_BOX (tab->box), attach_notice_new ());

  terminal = g_object_new (BERTH_TYPE_VTE, "hexpand", TRUE, "vexpand", TRUE,
                           "scrollback-lines", 10000, "input-enabled", FALSE, NULL);
  tab->terminal = VTE_TERMINAL (terminal);
  gtk_accessible_update_property (GTK_ACCESSIBLE (terminal), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Terminal in the container"), -1);
  berth_terminal_apply_style (tab->terminal);
  g_signal_connect (terminal, "commit", G_CALLBACK (terminal_commit_cb), tab);
  g_signal_connect (terminal, "grid-changed", G_CALLBACK (grid_changed_cb), tab);
  gtk_box_append (GTK_BOX (tab->box), terminal);

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (bar, "terminal-ended");
  tab->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (tab->message, TRUE);
  gtk_label_set_xalign (tab->message, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (tab->message), TRUE);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (tab->message));
  tab->again_button = gtk_button_new ();
  gtk_button_set_use_underline (GTK_BUTTON (tab->again_button), TRUE);
  gtk_widget_set_valign (tab->again_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (tab->again_button, "suggested-action");
  g_signal_connect (tab->again_button, "clicked", G_CALLBACK (again_clicked_cb), tab);
  gtk_box_append (GTK_BOX (bar), tab->again_button);
  tab->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_child (tab->revealer, bar);
  gtk_box_append (GTK_BOX (tab->box), GTK_WIDGET (tab->revealer));

  add_tab_shortcuts (tab);
  return tab;
}

static void
open_tab (BerthTerminalView *self,
          const char        *shell)
{
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_entry));
  const char *dir = gtk_editable_get_text (GTK_EDITABLE (self->dir_entry));
  g_autofree char *title = NULL;
  g_autofree char *base = shell ? g_path_get_basename (shell) : NULL;
  Tab *tab;
  AdwTabPage *page;

  tab = tab_new (self, shell, shell ? user : NULL, shell ? dir : NULL);
  self->n_opened++;
  if (shell == NULL)
    title = g_strdup (_("Attached"));
  else if (*user != '\0')
    title = g_strdup_printf ("%s@%s", user, base);
  else
    title = g_strdup (base);

  page = adw_tab_view_append (self->tab_view, tab->box);
  adw_tab_page_set_title (page, title);
  adw_tab_view_set_selected_page (self->tab_view, page);
  update_view (self);
  start_session (tab);
}

/* Options and the equivalent command ----------------------------------------- */

const char *
berth_terminal_view_get_shell (BerthTerminalView *self)
{
  guint selected;

  g_return_val_if_fail (BERTH_IS_TERMINAL_VIEW (self), NULL);

  selected = gtk_drop_down_get_selected (self->shell_dropdown);
  if (selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->shells, selected);
}

/* The selected tab's command; without tabs, the one New Terminal runs. */
static void
update_caption (BerthTerminalView *self)
{
  const char *command = berth_terminal_view_get_command (self);

  gtk_label_set_label (self->command_label, command);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->command_copy), "s", command ? command : "");
}

static void
update_command (BerthTerminalView *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *tooltip = NULL;
  g_auto (GStrv) argv = NULL;
  const char *shell = berth_terminal_view_get_shell (self);
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_entry));
  const char *dir = gtk_editable_get_text (GTK_EDITABLE (self->dir_entry));

  g_strv_builder_add_many (builder, "docker", "exec", "-it", NULL);
  if (*user != '\0')
    g_strv_builder_add_many (builder, "-u", user, NULL);
  if (*dir != '\0')
    g_strv_builder_add_many (builder, "-w", dir, NULL);
  g_strv_builder_add_many (builder, berth_container_page_get_name (self->page), shell ? shell : "sh", NULL);
  argv = g_strv_builder_end (builder);

  g_free (self->command);
  self->command = berth_shell_join ((const char * const *) argv);
  tooltip = g_strdup_printf (_("Open a shell in the container, in a new tab: %s"), self->command);
  gtk_widget_set_tooltip_text (self->new_button, tooltip);
  update_caption (self);
}

static void
options_changed_cb (BerthTerminalView *self)
{
  update_command (self);
}

static void
entry_activate_cb (BerthTerminalView *self)
{
  berth_terminal_view_new_session (self);
}

/* What the view shows ---------------------------------------------------------- */

static void
show_message (BerthTerminalView *self,
              const char        *icon_name,
              const char        *title,
              const char        *description,
              const char        *button,
              const char        *action)
{
  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->status_button), button != NULL);
  if (button != NULL)
    gtk_button_set_label (self->status_button, button);
  g_object_set_data_full (G_OBJECT (self->status_button), "action", g_strdup (action), g_free);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static gboolean
container_running (BerthTerminalView *self)
{
  BerthContainer *container = berth_container_page_get_container (self->page);

  return !berth_container_page_get_gone (self->page) &&
         berth_container_get_state (container) == BERTH_CONTAINER_STATE_RUNNING;
}

static void
update_view (BerthTerminalView *self)
{
  gboolean running = container_running (self);
  gboolean has_shell = self->shells_known && g_list_model_get_n_items (G_LIST_MODEL (self->shells)) > 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->shell_dropdown), has_shell);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_entry), has_shell);
  gtk_widget_set_sensitive (GTK_WIDGET (self->dir_entry), has_shell);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "terminal.new-session", running && has_shell);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "terminal.attach", running && self->can_attach);
  gtk_widget_set_visible (self->attach_button, self->can_attach);

  if (adw_tab_view_get_n_pages (self->tab_view) > 0)
    gtk_stack_set_visible_child_name (self->stack, "tabs");
  else if (berth_container_page_get_gone (self->page))
    show_message (self, "action-unavailable-symbolic", _("The Container No Longer Exists"),
                  _("It was removed, so nothing can run in it."), NULL, NULL);
  else if (!running)
    show_message (self, "media-playback-stop-symbolic", _("The Container Is Not Running"),
                  _("A terminal runs a program inside the container (docker exec), so the container must be running. Start it, and open a terminal here."),
                  _("_Start the Container"), "start");
  else if (self->shells_error != NULL)
    show_message (self, "dialog-warning-symbolic", _("Could Not Look for a Shell"),
                  self->shells_error, _("_Try Again"), "find");
  else if (!self->shells_known)
    show_message (self, "utilities-terminal-symbolic", _("Looking for a Shell…"),
                  _("Berth looks for bash, ash and sh in the container."), NULL, NULL);
  else if (!has_shell)
    show_message (self, "utilities-terminal-symbolic", _("No Shell in This Container"),
                  self->can_attach
                    ? _("Berth found no bash, ash or sh: the image has no shell (images built “FROM scratch” or “distroless” often have none). The container was started with -it, so you can attach to its main process instead.")
                    : _("Berth found no bash, ash or sh: the image has no shell (images built “FROM scratch” or “distroless” often have none). Its logs and processes are still in the other tabs."),
                  self->can_attach ? _("_Attach to the Main Process") : NULL, "attach");
  else
    show_message (self, "utilities-terminal-symbolic", _("No Terminal Open"),
                  _("A terminal runs a shell inside the container, as docker exec -it does. Closing its tab ends the shell."),
                  _("_New Terminal"), "new");
}

static void find_shells (BerthTerminalView *self);

static void
status_button_clicked_cb (BerthTerminalView *self)
{
  const char *action = g_object_get_data (G_OBJECT (self->status_button), "action");

  if (g_strcmp0 (action, "start") == 0)
    berth_container_page_act (self->page, "start");
  else if (g_strcmp0 (action, "find") == 0)
    find_shells (self);
  else if (g_strcmp0 (action, "attach") == 0)
    berth_terminal_view_attach (self);
  else if (g_strcmp0 (action, "new") == 0)
    berth_terminal_view_new_session (self);
}

/* Shells --------------------------------------------------------------------- */

static void
maybe_open_first (BerthTerminalView *self)
{
  if (self->auto_opened || !gtk_widget_get_mapped (GTK_WIDGET (self)) || !container_running (self) ||
      !self->shells_known || g_list_model_get_n_items (G_LIST_MODEL (self->shells)) == 0 ||
      adw_tab_view_get_n_pages (self->tab_view) > 0)
    return;

  self->auto_opened = TRUE;
  berth_terminal_view_new_session (self);
}

static void
shells_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  BerthTerminalView *self = user_data;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) shells = NULL;

  shells = berth_exec_find_shells_finish (BERTH_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->finding_shells = FALSE;
  g_clear_pointer (&self->shells_error, g_free);
  if (shells == NULL && !g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NOT_FOUND))
    {
      self->shells_error = g_strdup (error->message);
      update_view (self);
      return;
    }

  self->shells_known = TRUE;
  gtk_string_list_splice (self->shells, 0, g_list_model_get_n_items (G_LIST_MODEL (self->shells)),
                          (const char * const *) shells);
  gtk_drop_down_set_selected (self->shell_dropdown, 0);
  update_command (self);
  update_view (self);
  maybe_open_first (self);
}

static void
find_shells (BerthTerminalView *self)
{
  if (self->finding_shells)
    return;

  self->finding_shells = TRUE;
  g_clear_pointer (&self->shells_error, g_free);
  update_view (self);
  berth_exec_find_shells_async (berth_container_page_get_engine (self->page),
                                berth_container_page_get_container_id (self->page),
                                self->cancellable, shells_cb, self);
}

/* Container and tabs ---------------------------------------------------------- */

static void
container_changed_cb (BerthTerminalView *self)
{
  update_view (self);
  if (container_running (self) && !self->shells_known && gtk_widget_get_mapped (GTK_WIDGET (self)))
    find_shells (self);
}

static gboolean
get_bool_member (JsonObject *object,
                 const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* Attach makes sense for containers started with -it: a TTY and stdin. */
static void
inspected_cb (BerthTerminalView *self,
              JsonObject        *inspect)
{
  JsonNode *config = json_object_get_member (inspect, "Config");
  JsonObject *object = config && JSON_NODE_HOLDS_OBJECT (config) ? json_node_get_object (config) : NULL;

  self->can_attach = get_bool_member (object, "Tty") && get_bool_member (object, "OpenStdin");
  update_view (self);
}

static gboolean
close_page_cb (BerthTerminalView *self,
               AdwTabPage        *page)
{
  Tab *tab = tab_for_page (page);

  /* Closing the connection ends the shell (an attached container keeps
   * running); the tab's widget takes the rest with it. */
  if (tab != NULL)
    {
      tab_end_session (tab);
      tab->view = NULL;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
selected_page_changed_cb (BerthTerminalView *self)
{
  Tab *tab = selected_tab (self);

  update_caption (self);
  if (tab != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_grab_focus (GTK_WIDGET (tab->terminal));
}

static void
n_pages_changed_cb (BerthTerminalView *self)
{
  update_caption (self);
  update_view (self);
}

/* Actions -------------------------------------------------------------------- */

static void
new_session_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  berth_terminal_view_new_session (BERTH_TERMINAL_VIEW (widget));
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  berth_terminal_view_attach (BERTH_TERMINAL_VIEW (widget));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  berth_terminal_view_close_session (BERTH_TERMINAL_VIEW (widget));
}

/* Public --------------------------------------------------------------------- */

/* Opens a tab with the shell, user and folder chosen in the toolbar. */
void
berth_terminal_view_new_session (BerthTerminalView *self)
{
  const char *shell;

  g_return_if_fail (BERTH_IS_TERMINAL_VIEW (self));

  shell = berth_terminal_view_get_shell (self);
  if (shell == NULL || !container_running (self))
    {
      update_view (self);
      return;
    }
  open_tab (self, shell);
}

/* Opens a tab attached to the main process (`docker attach`). */
void
berth_terminal_view_attach (BerthTerminalView *self)
{
  g_return_if_fail (BERTH_IS_TERMINAL_VIEW (self));

  if (container_running (self))
    open_tab (self, NULL);
}

gboolean
berth_terminal_view_get_can_attach (BerthTerminalView *self)
{
  g_return_val_if_fail (BERTH_IS_TERMINAL_VIEW (self), FALSE);
  return self->can_attach;
}

/* "Start a New Session" in the selected tab. */
void
berth_terminal_view_restart_session (BerthTerminalView *self)
{
  Tab *tab;

  g_return_if_fail (BERTH_IS_TERMINAL_VIEW (self));

  if ((tab = selected_tab (self)) != NULL)
    again_clicked_cb (NULL, tab);
}

void
berth_terminal_view_close_session (BerthTerminalView *self)
{
  AdwTabPage *page;

  g_return_if_fail (BERTH_IS_TERMINAL_VIEW (self));

  if ((page = adw_tab_view_get_selected_page (self->tab_view)) != NULL)
    adw_tab_view_close_page (self->tab_view, page);
}

/**
 * berth_terminal_view_set_options:
 * @shell: (nullable): one of the shells found, e.g. "/bin/sh"
 * @user: (nullable): for `-u`
 * @working_dir: (nullable): for `-w`
 */
void
berth_terminal_view_set_options (BerthTerminalView *self,
                                 const char        *shell,
                                 const char        *user,
                                 const char        *working_dir)
{
  guint n;

  g_return_if_fail (BERTH_IS_TERMINAL_VIEW (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->shells));
  for (guint i = 0; shell != NULL && i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->shells, i), shell))
      gtk_drop_down_set_selected (self->shell_dropdown, i);
  gtk_editable_set_text (GTK_EDITABLE (self->user_entry), user ? user : "");
  gtk_editable_set_text (GTK_EDITABLE (self->dir_entry), working_dir ? working_dir : "");
  update_command (self);
}

guint
berth_terminal_view_get_n_sessions (BerthTerminalView *self)
{
  g_return_val_if_fail (BERTH_IS_TERMINAL_VIEW (self), 0);
  return adw_tab_view_get_n_pages (self->tab_view);
}

/* Returns: (nullable) (transfer none): the selected tab's terminal */
VteTerminal *
berth_terminal_view_get_terminal (BerthTerminalView *self)
{
  Tab *tab;

  g_return_val_if_fail (BERTH_IS_TERMINAL_VIEW (self), NULL);

  tab = selected_tab (self);
  return tab ? tab->terminal : NULL;
}

/* Whether the selected tab's session is connected. */
gboolean
berth_terminal_view_get_running (BerthTerminalView *self)
{
  Tab *tab;

  g_return_val_if_fail (BERTH_IS_TERMINAL_VIEW (self), FALSE);

  tab = selected_tab (self);
  return tab && tab->session && berth_exec_session_get_running (tab->session);
}

/* Returns: (nullable): what the selected tab says about its session's
 * end ("Process exited with code 3"), or the view's message without tabs */
const char *
berth_terminal_view_get_message (BerthTerminalView *self)
{
  Tab *tab;

  g_return_val_if_fail (BERTH_IS_TERMINAL_VIEW (self), NULL);

  tab = selected_tab (self);
  if (tab != NULL)
    return tab->message_text;
  return adw_status_page_get_title (self->status_page);
}

/* The selected tab's command, or the one New Terminal runs. */
const char *
berth_terminal_view_get_command (BerthTerminalView *self)
{
  Tab *tab;

  g_return_val_if_fail (BERTH_IS_TERMINAL_VIEW (self), NULL);

  tab = selected_tab (self);
  return tab && tab->command ? tab->command : self->command;
}

/* GObject -------------------------------------------------------------------- */

static void
berth_terminal_view_map (GtkWidget *widget)
{
  BerthTerminalView *self = BERTH_TERMINAL_VIEW (widget);

  GTK_WIDGET_CLASS (berth_terminal_view_parent_class)->map (widget);

  if (!self->shells_known && container_running (self))
    find_shells (self);
  update_view (self);
  maybe_open_first (self);
}

static void
berth_terminal_view_dispose (GObject *object)
{
  BerthTerminalView *self = BERTH_TERMINAL_VIEW (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  /* Ends every session: each tab's data goes with its widget. */
  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_TERMINAL_VIEW);
  /* Children without an id in the template are ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (berth_terminal_view_parent_class)->dispose (object);
}

static void
berth_terminal_view_finalize (GObject *object)
{
  BerthTerminalView *self = BERTH_TERMINAL_VIEW (object);

  g_free (self->command);
  g_free (self->shells_error);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (berth_terminal_view_parent_class)->finalize (object);
}

static void
berth_terminal_view_class_init (BerthTerminalViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_terminal_view_dispose;
  object_class->finalize = berth_terminal_view_finalize;
  widget_class->map = berth_terminal_view_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/berthapp/Berth/ui/berth-terminal-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthTerminalView, shells);
  gtk_widget_class_bind_template_child (widget_class, BerthTerminalView, new_button);
  gtk_widget_class_bind_template_child (widget_class, BerthTerminalView, shell_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BerthTerminalView, user_entry);
  gtk_widget_class_bind_template_child (widget_class, BerthTerminalView, dir_entry);
  gtk_widget_class_bind_template_child (widget_class, BerthTerminalView, attach_button);
  gtk_widget_class_bind_template_child (widget_class, BerthTerminalView, command_label);
  gtk_widget_class_bind_template_child (widget_class, BerthTerminalView, command_copy);
  gtk_widget_class_bind_template_child (widget_class, BerthTerminalView, stack);
  gtk_widget_class_bind_template_child (widget_class, BerthTerminalView, status_page);
  gtk_widget_class_bind_template_child (widget_class, BerthTerminalView, status_button);
  gtk_widget_class_bind_template_child (widget_class, BerthTerminalView, tab_view);
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_page_cb);
  gtk_widget_class_bind_template_callback (widget_class, selected_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, n_pages_changed_cb);

  gtk_widget_class_install_action (widget_class, "terminal.new-session", NULL, new_session_action);
  gtk_widget_class_install_action (widget_class, "terminal.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "terminal.close", NULL, close_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

/* Before the terminal sees them: a terminal would send them to the shell. */
static void
add_view_shortcuts (BerthTerminalView *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>t"),
                      gtk_named_action_new ("terminal.new-session")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control><Shift>w"),
                      gtk_named_action_new ("terminal.close")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
berth_terminal_view_init (BerthTerminalView *self)
{
  GtkLayoutManager *layout;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  self->cancellable = g_cancellable_new ();
  add_view_shortcuts (self);
}

GtkWidget *
berth_terminal_view_new (BerthContainerPage *page)
{
  BerthTerminalView *self;

  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (page), NULL);

  self = g_object_new (BERTH_TYPE_TERMINAL_VIEW, NULL);
  self->page = page;

  g_signal_connect_object (berth_container_page_get_container (page), "notify::state",
                           G_CALLBACK (container_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::gone", G_CALLBACK (container_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "inspected", G_CALLBACK (inspected_cb), self, G_CONNECT_SWAPPED);
  if (berth_container_page_get_inspect (page) != NULL)
    inspected_cb (self, berth_container_page_get_inspect (page));
  update_command (self);
  update_view (self);
  return GTK_WIDGET (self);
}
