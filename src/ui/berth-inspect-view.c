/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-inspect-view.h"
#include "berth-network.h"
#include "berth-spinner.h"
#include "berth-volume.h"
#include "berth-window.h"

/* `docker inspect`: everything the engine knows about a container, image,
 * volume or network, as the JSON it sends, read-only, highlighted, with
 * line numbers and a search bar. The text is made on a worker thread
 * (berth_inspect_async()); it is asked for when the view is first shown,
 * and again when the container changes while the view is on screen. */

struct _BerthInspectView
{
  GtkWidget               parent_instance;

  /* Template widgets */
  GtkSearchBar           *search_bar;
  GtkSearchEntry         *search_entry;
  GtkLabel               *match_label;
  GtkStack               *stack;
  GtkSpinner             *spinner;
  AdwStatusPage          *error_page;
  GtkScrolledWindow      *scroller;
  GtkSourceView          *source_view;
  GtkLabel               *state_label;
  GtkToggleButton        *search_button;
  GtkWidget              *reload_button;
  GtkWidget              *copy_button;
  GtkLabel               *command_label;
  GtkWidget              *command_copy;

  /* Borrowed */
  BerthContainerPage     *page;

  /* Owned */
  BerthEngine            *engine;
  BerthInspectKind        kind;
  char                   *id;
  char                   *name;
  char                   *command;
  char                   *error;
  GtkSourceSearchContext *search;
  GCancellable           *load_cancellable;
  gboolean                loaded;
  gboolean                stale;
};

G_DEFINE_FINAL_TYPE (BerthInspectView, berth_inspect_view, GTK_TYPE_WIDGET)

static GtkTextBuffer *
buffer (BerthInspectView *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
}

static const char *
noun (BerthInspectKind kind)
{
  switch (kind)
    {
    case BERTH_INSPECT_CONTAINER: return _("container");
    case BERTH_INSPECT_IMAGE: return _("image");
    case BERTH_INSPECT_VOLUME: return _("volume");
    case BERTH_INSPECT_NETWORK:
    default: return _("network");
    }
}

static const char *
current_name (BerthInspectView *self)
{
  if (self->page != NULL)
    return berth_container_page_get_name (self->page);
  return self->name ? self->name : self->id;
}

static gboolean
is_gone (BerthInspectView *self)
{
  return self->page != NULL && berth_container_page_get_gone (self->page);
}

static void
update_command (BerthInspectView *self)
{
  g_free (self->command);
  self->command = berth_inspect_to_command (self->kind, current_name (self));
  gtk_label_set_label (self->command_label, self->command);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->command_copy), "s", self->command);
}

static void
update_state (BerthInspectView *self)
{
  g_autofree char *text = NULL;

  if (is_gone (self))
    text = g_strdup (self->loaded ? _("The container no longer exists; this is what the engine said last.")
                                  : _("The container no longer exists."));
  else if (self->error != NULL)
    text = g_strdup (_("The engine did not answer with the details."));
  else if (self->loaded)
    /* Translators: %s is "container", "image", "volume" or "network" */
    text = g_strdup_printf (_("Everything the engine knows about this %s, as JSON. Read-only."), noun (self->kind));
  else
    text = g_strdup (_("Asking the engine…"));

  gtk_label_set_label (self->state_label, text);
  gtk_widget_set_sensitive (self->reload_button, !is_gone (self) && self->load_cancellable == NULL);
  gtk_widget_set_sensitive (self->copy_button, self->loaded);
  gtk_widget_set_sensitive (GTK_WIDGET (self->search_button), self->loaded);
}

/* Style ------------------------------------------------------------------------ */

static void
update_style_scheme (BerthInspectView *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");

  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer (self)), scheme);
}

/* Loading ---------------------------------------------------------------------- */

/* The first line shown, to come back to it when the text is replaced. */
static int
top_line (BerthInspectView *self)
{
  GdkRectangle visible;
  GtkTextIter iter;

  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (self->source_view), &visible);
  gtk_text_view_get_line_at_y (GTK_TEXT_VIEW (self->source_view), &iter, visible.y, NULL);
  return gtk_text_iter_get_line (&iter);
}

/* Keeps where the reader was (the first line shown, the selection) when
 * the text is replaced; an answer that changed nothing changes nothing. */
static void
set_text (BerthInspectView *self,
          const char       *text)
{
  GtkTextBuffer *text_buffer = buffer (self);
  gsize length = strlen (text);
  g_autofree char *shown = NULL;
  GtkTextMark *top;
  GtkTextIter start, end;
  int line, start_offset, end_offset;

  /* No empty last line: the text ends in a newline. */
  if (length > 0 && text[length - 1] == '\n')
    length--;

  if (!self->loaded)
    {
      gtk_text_buffer_set_text (text_buffer, text, (int) length);
      gtk_text_buffer_get_start_iter (text_buffer, &start);
      gtk_text_buffer_place_cursor (text_buffer, &start);
      return;
    }

  shown = berth_inspect_view_dup_text (self);
  if (strlen (shown) == length && memcmp (shown, text, length) == 0)
    return;

  line = top_line (self);
  gtk_text_buffer_get_selection_bounds (text_buffer, &start, &end);
  start_offset = gtk_text_iter_get_offset (&start);
  end_offset = gtk_text_iter_get_offset (&end);

  gtk_text_buffer_set_text (text_buffer, text, (int) length);
  gtk_text_buffer_get_iter_at_offset (text_buffer, &start, start_offset);
  gtk_text_buffer_get_iter_at_offset (text_buffer, &end, end_offset);
  gtk_text_buffer_select_range (text_buffer, &start, &end);

  gtk_text_buffer_get_iter_at_line (text_buffer, &start, line);
  top = gtk_text_buffer_get_mark (text_buffer, "berth-top");
  if (top == NULL)
    top = gtk_text_buffer_create_mark (text_buffer, "berth-top", &start, TRUE);
  else
    gtk_text_buffer_move_mark (text_buffer, top, &start);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->source_view), top, 0.0, TRUE, 0.0, 0.0);
}

static void
inspect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BerthInspectView *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;

  node = berth_inspect_finish (BERTH_ENGINE (object), result, &text, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->load_cancellable);
  berth_spinner_stop (self->spinner);
  g_clear_pointer (&self->error, g_free);

  if (node == NULL)
    {
      /* A container removed meanwhile keeps what was shown. */
      if (!self->loaded || !is_gone (self))
        {
          self->error = g_strdup (error->message);
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
          self->loaded = FALSE;
        }
      update_state (self);
      return;
    }

  set_text (self, text);
  gtk_stack_set_visible_child_name (self->stack, "text");
  /* In a window of its own, the text is what the keyboard works on. */
  if (!self->loaded && self->page == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
  self->loaded = TRUE;
  update_state (self);
}

/**
 * berth_inspect_view_reload:
 *
 * Asks the engine again; what is shown stays until the answer comes.
 */
void
berth_inspect_view_reload (BerthInspectView *self)
{
  g_return_if_fail (BERTH_IS_INSPECT_VIEW (self));

  if (is_gone (self))
    return;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->stale = FALSE;

  if (!self->loaded)
    {
      berth_spinner_start_later (self->spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  update_state (self);
  berth_inspect_async (self->engine, self->kind, self->id, self->load_cancellable, inspect_cb, self);
}

/* The container changed (started, stopped, renamed): its inspect too. */
static void
container_inspected_cb (BerthInspectView *self)
{
  self->stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    berth_inspect_view_reload (self);
}

static void
container_gone_cb (BerthInspectView *self)
{
  update_state (self);
}

static void
container_name_cb (BerthInspectView *self)
{
  update_command (self);
}

/* Search ----------------------------------------------------------------------- */

static void
update_match_label (BerthInspectView *self)
{
  GtkTextIter start, end;
  int count = gtk_source_search_context_get_occurrences_count (self->search);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *label = NULL;
  int position;

  if (text == NULL || *text == '\0' || count < 0)
    label = g_strdup ("");
  else if (count == 0)
    label = g_strdup (_("No matches"));
  else
    {
      gtk_text_buffer_get_selection_bounds (buffer (self), &start, &end);
      position = gtk_source_search_context_get_occurrence_position (self->search, &start, &end);
      /* Translators: the match shown, of how many, e.g. "3 of 12" */
      label = position > 0 ? g_strdup_printf (_("%d of %d"), position, count)
                           : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d match", "%d matches", count), count);
    }

  gtk_label_set_label (self->match_label, label);
}

static gboolean
find (BerthInspectView *self,
      gboolean          forward,
      gboolean          from_start_of_selection)
{
  GtkTextBuffer *text_buffer = buffer (self);
  GtkTextIter start, end, match_start, match_end;
  gboolean found;

  gtk_text_buffer_get_selection_bounds (text_buffer, &start, &end);
  if (forward)
    found = gtk_source_search_context_forward (self->search, from_start_of_selection ? &start : &end,
                                               &match_start, &match_end, NULL);
  else
    found = gtk_source_search_context_backward (self->search, &start, &match_start, &match_end, NULL);

  if (found)
    {
      gtk_text_buffer_select_range (text_buffer, &match_start, &match_end);
      /* A mark, not an iter: the lines may not be laid out yet. */
      gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->source_view), gtk_text_buffer_get_insert (text_buffer),
                                    0.1, FALSE, 0.0, 0.0);
    }
  update_match_label (self);
  return found;
}

static void
search_changed_cb (BerthInspectView *self)
{
  GtkSourceSearchSettings *settings = gtk_source_search_context_get_settings (self->search);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  gtk_source_search_settings_set_search_text (settings, text && *text ? text : NULL);
  if (text && *text)
    find (self, TRUE, TRUE);
  else
    update_match_label (self);
}

static void
next_match_cb (BerthInspectView *self)
{
  find (self, TRUE, FALSE);
}

static void
previous_match_cb (BerthInspectView *self)
{
  find (self, FALSE, FALSE);
}

static void
stop_search_cb (BerthInspectView *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

/* Opens the search bar with the selection (or the last search) in it. */
void
berth_inspect_view_start_search (BerthInspectView *self)
{
  GtkTextIter start, end;

  g_return_if_fail (BERTH_IS_INSPECT_VIEW (self));

  if (!self->loaded)
    return;

  if (gtk_text_buffer_get_selection_bounds (buffer (self), &start, &end) &&
      gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end))
    {
      g_autofree char *selected = gtk_text_iter_get_visible_text (&start, &end);

      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), selected);
    }
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/**
 * berth_inspect_view_search:
 * @text: what to look for (case does not matter)
 * @forward: the next match after the selection, or the one before it
 *
 * Searches as typing in the search bar and pressing Enter does, and
 * selects the match.
 *
 * Returns: whether @text was found
 */
gboolean
berth_inspect_view_search (BerthInspectView *self,
                           const char       *text,
                           gboolean          forward)
{
  g_return_val_if_fail (BERTH_IS_INSPECT_VIEW (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text) != 0)
    {
      /* Not through search-changed, which comes later and would search again. */
      g_signal_handlers_block_by_func (self->search_entry, search_changed_cb, self);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
      g_signal_handlers_unblock_by_func (self->search_entry, search_changed_cb, self);
      gtk_source_search_settings_set_search_text (gtk_source_search_context_get_settings (self->search), text);
      return find (self, TRUE, TRUE);
    }
  return find (self, forward, FALSE);
}

static gboolean
search_shortcut_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  berth_inspect_view_start_search (BERTH_INSPECT_VIEW (widget));
  return TRUE;
}

static gboolean
previous_shortcut_cb (GtkWidget *widget,
                      GVariant  *args,
                      gpointer   user_data)
{
  previous_match_cb (user_data);
  return TRUE;
}

static gboolean
reload_shortcut_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  berth_inspect_view_reload (BERTH_INSPECT_VIEW (widget));
  return TRUE;
}

/* Copying ---------------------------------------------------------------------- */

static void
copy_json_cb (BerthInspectView *self)
{
  g_autofree char *text = berth_inspect_view_dup_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

/* Getters ----------------------------------------------------------------------- */

gboolean
berth_inspect_view_get_loaded (BerthInspectView *self)
{
  g_return_val_if_fail (BERTH_IS_INSPECT_VIEW (self), FALSE);
  return self->loaded;
}

/* The engine's message when the last request failed, or NULL. */
const char *
berth_inspect_view_get_error (BerthInspectView *self)
{
  g_return_val_if_fail (BERTH_IS_INSPECT_VIEW (self), NULL);
  return self->error;
}

/* e.g. "docker container inspect web" */
const char *
berth_inspect_view_get_command (BerthInspectView *self)
{
  g_return_val_if_fail (BERTH_IS_INSPECT_VIEW (self), NULL);
  return self->command;
}

char *
berth_inspect_view_dup_text (BerthInspectView *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (BERTH_IS_INSPECT_VIEW (self), NULL);

  gtk_text_buffer_get_bounds (buffer (self), &start, &end);
  return gtk_text_buffer_get_text (buffer (self), &start, &end, FALSE);
}

char *
berth_inspect_view_dup_selected_text (BerthInspectView *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (BERTH_IS_INSPECT_VIEW (self), NULL);

  gtk_text_buffer_get_selection_bounds (buffer (self), &start, &end);
  return gtk_text_buffer_get_text (buffer (self), &start, &end, FALSE);
}

GtkSourceView *
berth_inspect_view_get_source_view (BerthInspectView *self)
{
  g_return_val_if_fail (BERTH_IS_INSPECT_VIEW (self), NULL);
  return self->source_view;
}

/* GObject ----------------------------------------------------------------------- */

static void
berth_inspect_view_map (GtkWidget *widget)
{
  BerthInspectView *self = BERTH_INSPECT_VIEW (widget);

  GTK_WIDGET_CLASS (berth_inspect_view_parent_class)->map (widget);
  if ((!self->loaded || self->stale) && self->load_cancellable == NULL)
    berth_inspect_view_reload (self);
}

static void
berth_inspect_view_dispose (GObject *object)
{
  BerthInspectView *self = BERTH_INSPECT_VIEW (object);
  GtkWidget *child;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_INSPECT_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->search);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->engine);
  self->page = NULL;

  G_OBJECT_CLASS (berth_inspect_view_parent_class)->dispose (object);
}

static void
berth_inspect_view_finalize (GObject *object)
{
  BerthInspectView *self = BERTH_INSPECT_VIEW (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->command);
  g_free (self->error);

  G_OBJECT_CLASS (berth_inspect_view_parent_class)->finalize (object);
}

static void
berth_inspect_view_class_init (BerthInspectViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_inspect_view_dispose;
  object_class->finalize = berth_inspect_view_finalize;
  widget_class->map = berth_inspect_view_map;

  /* Safe to call again; the tests' application is not BerthApplication. */
  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/berthapp/Berth/ui/berth-inspect-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthInspectView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, BerthInspectView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BerthInspectView, match_label);
  gtk_widget_class_bind_template_child (widget_class, BerthInspectView, stack);
  gtk_widget_class_bind_template_child (widget_class, BerthInspectView, spinner);
  gtk_widget_class_bind_template_child (widget_class, BerthInspectView, error_page);
  gtk_widget_class_bind_template_child (widget_class, BerthInspectView, scroller);
  gtk_widget_class_bind_template_child (widget_class, BerthInspectView, source_view);
  gtk_widget_class_bind_template_child (widget_class, BerthInspectView, state_label);
  gtk_widget_class_bind_template_child (widget_class, BerthInspectView, search_button);
  gtk_widget_class_bind_template_child (widget_class, BerthInspectView, reload_button);
  gtk_widget_class_bind_template_child (widget_class, BerthInspectView, copy_button);
  gtk_widget_class_bind_template_child (widget_class, BerthInspectView, command_label);
  gtk_widget_class_bind_template_child (widget_class, BerthInspectView, command_copy);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_match_cb);
  gtk_widget_class_bind_template_callback (widget_class, previous_match_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_json_cb);
  gtk_widget_class_bind_template_callback (widget_class, berth_inspect_view_reload);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, search_shortcut_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F5, 0, reload_shortcut_cb, NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "inspectview");
}

static void
berth_inspect_view_init (BerthInspectView *self)
{
  GtkLayoutManager *layout;
  GtkSourceBuffer *source_buffer;
  GtkSourceLanguage *language;
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);

  source_buffer = GTK_SOURCE_BUFFER (buffer (self));
  language = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), "json");
  if (language != NULL)
    gtk_source_buffer_set_language (source_buffer, language);
  gtk_source_buffer_set_highlight_syntax (source_buffer, TRUE);
  gtk_source_buffer_set_highlight_matching_brackets (source_buffer, TRUE);
  update_style_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_style_scheme), self, G_CONNECT_SWAPPED);

  self->search = gtk_source_search_context_new (source_buffer, NULL);
  gtk_source_search_settings_set_wrap_around (gtk_source_search_context_get_settings (self->search), TRUE);
  g_signal_connect_object (self->search, "notify::occurrences-count",
                           G_CALLBACK (update_match_label), self, G_CONNECT_SWAPPED);

  g_object_bind_property (self->search_button, "active", self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_SHIFT_MASK),
                                                          gtk_callback_action_new (previous_shortcut_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), shortcuts);
}

/**
 * berth_inspect_view_new:
 * @id: what to ask the engine about (an id, or a name or reference)
 * @name: (nullable): how the docker command names it; @id when %NULL
 *
 * Returns: (transfer floating): a view that loads when first shown
 */
GtkWidget *
berth_inspect_view_new (BerthEngine      *engine,
                        BerthInspectKind  kind,
                        const char       *id,
                        const char       *name)
{
  BerthInspectView *self;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (BERTH_TYPE_INSPECT_VIEW, NULL);
  self->engine = g_object_ref (engine);
  self->kind = kind;
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  update_command (self);
  update_state (self);
  return GTK_WIDGET (self);
}

/**
 * berth_inspect_view_new_for_container:
 *
 * The container page's Inspect tab: it follows the container's changes,
 * renames included, and keeps what it showed when the container is gone.
 *
 * Returns: (transfer floating): the view
 */
GtkWidget *
berth_inspect_view_new_for_container (BerthContainerPage *page)
{
  BerthInspectView *self;

  g_return_val_if_fail (BERTH_IS_CONTAINER_PAGE (page), NULL);

  self = BERTH_INSPECT_VIEW (berth_inspect_view_new (berth_container_page_get_engine (page),
                                                     BERTH_INSPECT_CONTAINER,
                                                     berth_container_page_get_container_id (page),
                                                     berth_container_page_get_name (page)));
  self->page = page;
  g_signal_connect_object (page, "inspected", G_CALLBACK (container_inspected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::gone", G_CALLBACK (container_gone_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (berth_container_page_get_container (page), "notify::name",
                           G_CALLBACK (container_name_cb), self, G_CONNECT_SWAPPED);
  update_command (self);
  return GTK_WIDGET (self);
}

/* A window of its own, for images, volumes and networks -------------------------- */

static const char *
dialog_title (BerthInspectKind kind)
{
  switch (kind)
    {
    case BERTH_INSPECT_CONTAINER: return _("Inspect Container");
    case BERTH_INSPECT_IMAGE: return _("Inspect Image");
    case BERTH_INSPECT_VOLUME: return _("Inspect Volume");
    case BERTH_INSPECT_NETWORK:
    default: return _("Inspect Network");
    }
}

static void
add_shortcut (GtkWidget         *window,
              const char        *trigger,
              GtkShortcutAction *action)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* Bubbling up to the window, after the focused widget (Escape in the
   * search entry closes the search, not the window). */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger), action));
  gtk_widget_add_controller (window, controller);
}

static gboolean
dialog_search_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  berth_inspect_view_start_search (BERTH_INSPECT_VIEW (user_data));
  return TRUE;
}

/**
 * berth_inspect_dialog_new:
 * @name: (nullable): how the docker command names it
 *
 * Returns: (transfer none): a window with the inspect view of one thing,
 *   not yet shown
 */
GtkWindow *
berth_inspect_dialog_new (GtkWindow        *parent,
                          BerthEngine      *engine,
                          BerthInspectKind  kind,
                          const char       *id,
                          const char       *name)
{
  GtkWidget *window, *content, *header, *title, *view;

  g_return_val_if_fail (BERTH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  window = g_object_new (ADW_TYPE_WINDOW,
                         "transient-for", parent,
                         "modal", FALSE,
                         "default-width", 760,
                         "default-height", 680,
                         "title", dialog_title (kind),
                         NULL);

  header = adw_header_bar_new ();
  title = adw_window_title_new (dialog_title (kind), name ? name : id);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);

  view = berth_inspect_view_new (engine, kind, id, name);
  gtk_widget_set_vexpand (view, TRUE);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), view);
  adw_window_set_content (ADW_WINDOW (window), content);

  add_shortcut (window, "Escape", gtk_named_action_new ("window.close"));
  add_shortcut (window, "<Control>f", gtk_callback_action_new (dialog_search_cb, view, NULL));
  gtk_widget_add_css_class (window, "inspect-dialog");
  return GTK_WINDOW (window);
}

/* At most this many windows for one click on Inspect. */
#define MAX_DIALOGS 8

/**
 * berth_inspect_dialog_present_items:
 * @widget: a widget in the main window (a list page)
 * @items: (element-type BerthResource): volumes or networks
 *
 * Shows the inspect window of each item, as the list pages' Inspect
 * button does.
 */
void
berth_inspect_dialog_present_items (GtkWidget        *widget,
                                    BerthInspectKind  kind,
                                    GPtrArray        *items)
{
  GtkRoot *root;
  BerthStore *store;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (items != NULL);

  root = gtk_widget_get_root (widget);
  store = BERTH_IS_WINDOW (root) ? berth_window_get_store (BERTH_WINDOW (root)) : NULL;
  if (store == NULL || berth_store_get_engine (store) == NULL)
    return;

  for (guint i = 0; i < items->len && i < MAX_DIALOGS; i++)
    {
      BerthResource *item = g_ptr_array_index (items, i);
      const char *name = NULL;

      if (BERTH_IS_VOLUME (item))
        name = berth_volume_get_name (BERTH_VOLUME (item));
      else if (BERTH_IS_NETWORK (item))
        name = berth_network_get_name (BERTH_NETWORK (item));

      gtk_window_present (berth_inspect_dialog_new (GTK_WINDOW (root), berth_store_get_engine (store), kind,
                                                    berth_resource_get_id (item), name));
    }
}
