/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-image-ops.h"
#include "berth-image-page.h"
#include "berth-image-search-dialog.h"
#include "berth-image-transfer.h"
#include "berth-reference.h"
#include "berth-registries-dialog.h"
#include "berth-shell.h"
#include "berth-spinner.h"

/* `docker search`: Docker Hub, asked through the engine (so it works the
 * way the docker command does, proxy and all). Each result can be pulled
 * from here, with the usual progress. Offline, it says so plainly. */

#define SEARCH_LIMIT 25
#define SEARCH_DELAY_MS 500

struct _BerthImageSearchDialog
{
  AdwWindow          parent_instance;

  /* Widgets */
  GtkSearchEntry    *entry;
  GtkStack          *stack;
  GtkListBox        *results;
  AdwStatusPage     *error_page;
  GtkLabel          *error_label;
  BerthPullProgress *progress;
  GtkLabel          *command_label;

  /* Owned */
  GCancellable      *cancellable;
  GCancellable      *search_cancellable;
  GCancellable      *pull_cancellable;
  char              *term;
  char              *error;
  char              *command;
  guint              n_results;
  gboolean           busy;
};

G_DEFINE_FINAL_TYPE (BerthImageSearchDialog, berth_image_search_dialog, ADW_TYPE_WINDOW)

static void
set_command (BerthImageSearchDialog *self,
             char                   *command)
{
  g_free (self->command);
  self->command = command;
  gtk_label_set_label (self->command_label, command);
}

/* Results ---------------------------------------------------------------------- */

static char *
format_stars (guint stars)
{
  if (stars >= 1000000)
    return g_strdup_printf ("★ %.1fM", stars / 1000000.0);
  if (stars >= 10000)
    return g_strdup_printf ("★ %uk", stars / 1000);
  if (stars >= 1000)
    return g_strdup_printf ("★ %.1fk", stars / 1000.0);
  return g_strdup_printf ("★ %u", stars);
}

static void
pull_clicked_cb (GtkButton              *button,
                 BerthImageSearchDialog *self)
{
  berth_image_search_dialog_pull (self, g_object_get_data (G_OBJECT (button), "name"));
}

static GtkWidget *
result_row_new (BerthImageSearchDialog *self,
                BerthSearchResult      *result)
{
  const char *name = berth_search_result_get_name (result);
  const char *description = berth_search_result_get_description (result);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *title = gtk_label_new (name);
  g_autofree char *stars_text = format_stars (berth_search_result_get_stars (result));
  g_autofree char *stars_accessible = NULL;
  g_autofree char *pull_accessible = g_strdup_printf (_("Pull %s"), name);
  GtkWidget *stars = gtk_label_new (stars_text);
  GtkWidget *pull = gtk_button_new_with_mnemonic (_("_Pull"));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_selectable (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (top), title);
  if (berth_search_result_get_official (result))
    {
      GtkWidget *badge = gtk_label_new (_("Official"));

      gtk_widget_add_css_class (badge, "official-badge");
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (badge, _("Made by Docker and the software’s authors, kept up to date"));
      gtk_box_append (GTK_BOX (top), badge);
    }
  stars_accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u star", "%u stars",
                                                   berth_search_result_get_stars (result)),
                                      berth_search_result_get_stars (result));
  gtk_widget_add_css_class (stars, "dim-label");
  gtk_widget_add_css_class (stars, "numeric");
  gtk_widget_set_tooltip_text (stars, stars_accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (stars), GTK_ACCESSIBLE_PROPERTY_LABEL, stars_accessible, -1);
  gtk_box_append (GTK_BOX (top), stars);
  gtk_box_append (GTK_BOX (text), top);

  if (description != NULL && *description != '\0')
    {
      GtkWidget *label = gtk_label_new (description);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (text), label);
    }
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);

  gtk_widget_set_valign (pull, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (pull), GTK_ACCESSIBLE_PROPERTY_LABEL, pull_accessible, -1);
  gtk_widget_set_tooltip_text (pull, pull_accessible);
  g_object_set_data_full (G_OBJECT (pull), "name", g_strdup (name), g_free);
  g_signal_connect (pull, "clicked", G_CALLBACK (pull_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), pull);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return row;
}

static void
show_results (BerthImageSearchDialog *self,
              GListModel             *results)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);

  self->n_results = g_list_model_get_n_items (results);
  for (guint i = 0; i < self->n_results; i++)
    {
      g_autoptr (BerthSearchResult) result = g_list_model_get_item (results, i);

      gtk_list_box_append (self->results, result_row_new (self, result));
    }
  gtk_stack_set_visible_child_name (self->stack, self->n_results > 0 ? "results" : "empty");
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (BerthImageSearchDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) results = NULL;

  results = berth_image_search_finish (BERTH_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  g_clear_pointer (&self->error, g_free);
  if (error != NULL)
    {
      self->error = g_strdup (error->message);
      gtk_label_set_label (self->error_label, error->message);
      berth_image_report (GTK_WIDGET (self), error->message, self->command, TRUE);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  show_results (self, results);
}

/**
 * berth_image_search_dialog_search:
 * @term: what to look for, like "nginx"
 *
 * Searches Docker Hub, as typing in the search field does.
 */
void
berth_image_search_dialog_search (BerthImageSearchDialog *self,
                                  const char             *term)
{
  g_autofree char *stripped = g_strstrip (g_strdup (term ? term : ""));
  BerthStore *store;

  g_return_if_fail (BERTH_IS_IMAGE_SEARCH_DIALOG (self));

  g_free (self->term);
  self->term = g_strdup (stripped);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->entry)), term) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->entry), term ? term : "");

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->busy = FALSE;

  if (*stripped == '\0')
    {
      set_command (self, g_strdup ("docker search"));
      gtk_stack_set_visible_child_name (self->stack, "start");
      return;
    }

  {
    g_auto (GStrv) argv = berth_image_search_argv (stripped, 0);

    set_command (self, berth_shell_join ((const char * const *) argv));
  }

  store = berth_image_find_store (GTK_WIDGET (self));
  if (store == NULL)
    return;

  self->busy = TRUE;
  self->search_cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "loading");
  berth_image_search_async (berth_store_get_engine (store), stripped, SEARCH_LIMIT,
                            self->search_cancellable, search_cb, g_object_ref (self));
}

static void
search_changed_cb (BerthImageSearchDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  /* Also comes back after the search set the text itself. */
  if (g_strcmp0 (stripped, self->term) != 0)
    berth_image_search_dialog_search (self, text);
}

/* Pulling ------------------------------------------------------------------------ */

typedef struct
{
  BerthImageSearchDialog *self;
  char                   *name;
  GCancellable           *cancellable;
} Pull;

static void
pull_free (Pull *pull)
{
  g_clear_object (&pull->self);
  g_clear_object (&pull->cancellable);
  g_free (pull->name);
  g_free (pull);
}

static void
pull_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pull *pull = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (BerthImageTransfer) transfer = berth_image_transfer_new (BERTH_IMAGE_TRANSFER_PULL, pull->name);
  g_autofree char *command = berth_image_transfer_to_command (transfer);
  g_autofree char *done = NULL;

  berth_pull_progress_run_finish (BERTH_PULL_PROGRESS (object), result, &error);
  if (!g_cancellable_is_cancelled (pull->self->cancellable))
    {
      if (error == NULL)
        {
          done = g_strdup_printf (_("Pulled “%s”"), pull->name);
          berth_image_report (GTK_WIDGET (pull->self), done, command, FALSE);
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        berth_image_report (GTK_WIDGET (pull->self), error->message, command, TRUE);
    }
  pull_free (pull);
}

static void
pull_auth_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pull *pull = user_data;
  BerthImageSearchDialog *self = pull->self;
  g_autoptr (BerthRegistryAuth) auth = berth_registries_lookup_auth_finish (result, NULL);
  g_autoptr (BerthImageTransfer) transfer = berth_image_transfer_new (BERTH_IMAGE_TRANSFER_PULL, pull->name);
  BerthStore *store = berth_image_find_store (GTK_WIDGET (self));

  if (g_cancellable_is_cancelled (pull->cancellable) || store == NULL)
    {
      pull_free (pull);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
  berth_pull_progress_run_async (self->progress, berth_store_get_engine (store), transfer, auth,
                                 self->cancellable, pull_done_cb, pull);
}

/* Pulls @name (from Docker Hub), showing the progress under the results. */
void
berth_image_search_dialog_pull (BerthImageSearchDialog *self,
                                const char             *name)
{
  Pull *pull;

  g_return_if_fail (BERTH_IS_IMAGE_SEARCH_DIALOG (self));
  g_return_if_fail (name != NULL);

  g_cancellable_cancel (self->pull_cancellable);
  g_clear_object (&self->pull_cancellable);
  self->pull_cancellable = g_cancellable_new ();

  pull = g_new0 (Pull, 1);
  pull->self = g_object_ref (self);
  pull->name = g_strdup (name);
  pull->cancellable = g_object_ref (self->pull_cancellable);
  berth_registries_lookup_auth_async (BERTH_REFERENCE_DEFAULT_REGISTRY, pull->cancellable, pull_auth_cb, pull);
}

/* Building ------------------------------------------------------------------------ */

static GtkWidget *
status_page (const char *icon,
             const char *title,
             const char *description)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), icon);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (page), description);
  gtk_widget_add_css_class (page, "compact");
  return page;
}

static void
build_stack (BerthImageSearchDialog *self)
{
  GtkWidget *spinner = berth_spinner_new_for_page ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);

  gtk_stack_add_named (self->stack,
                       status_page ("system-search-symbolic", _("Find Images on Docker Hub"),
                                    _("Type what you need, like “nginx”, “postgres” or “python”. Official images, made by Docker and the software’s authors, are the best place to start.")),
                       "start");

  gtk_stack_add_named (self->stack, spinner, "loading");

  self->results = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->results, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->results), "boxed-list");
  gtk_widget_set_margin_top (GTK_WIDGET (self->results), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->results), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->results), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->results), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->results), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Results"), -1);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->results));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_stack_add_named (self->stack, scroller, "results");

  gtk_stack_add_named (self->stack,
                       status_page ("edit-find-symbolic", _("No Images Found"),
                                    _("Docker Hub has no image by that name. Try a shorter or different word.")),
                       "empty");

  self->error_page = ADW_STATUS_PAGE (status_page ("network-offline-symbolic", _("Docker Hub Could Not Be Reached"),
                                                   _("The engine could not reach the registry, so nothing could be searched. Check that the computer running the engine is online, then try again.")));
  self->error_label = GTK_LABEL (berth_image_status_label_new ("dim-label"));
  gtk_label_set_justify (self->error_label, GTK_JUSTIFY_CENTER);
  gtk_label_set_xalign (self->error_label, 0.5);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  adw_status_page_set_child (self->error_page, GTK_WIDGET (self->error_label));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error_page), "error");
}

static GtkWidget *
build_content (BerthImageSearchDialog *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *top = adw_clamp_new ();
  GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *bottom_clamp = adw_clamp_new ();

  gtk_box_append (GTK_BOX (content), header);

  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_search_entry_set_search_delay (self->entry, SEARCH_DELAY_MS);
  g_object_set (self->entry, "placeholder-text", _("Search Docker Hub"), NULL);
  gtk_widget_set_margin_top (GTK_WIDGET (self->entry), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->entry), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->entry), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->entry), 12);
  g_signal_connect_object (self->entry, "search-changed", G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  adw_clamp_set_child (ADW_CLAMP (top), GTK_WIDGET (self->entry));
  gtk_box_append (GTK_BOX (content), top);

  build_stack (self);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->stack));

  self->progress = BERTH_PULL_PROGRESS (berth_pull_progress_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  gtk_box_append (GTK_BOX (bottom), GTK_WIDGET (self->progress));
  gtk_box_append (GTK_BOX (bottom), berth_command_preview_new (NULL, &self->command_label));
  gtk_widget_set_margin_top (bottom, 6);
  gtk_widget_set_margin_bottom (bottom, 18);
  gtk_widget_set_margin_start (bottom, 12);
  gtk_widget_set_margin_end (bottom, 12);
  adw_clamp_set_child (ADW_CLAMP (bottom_clamp), bottom);
  gtk_box_append (GTK_BOX (content), bottom_clamp);
  return content;
}

/* GObject ------------------------------------------------------------------------- */

static void
berth_image_search_dialog_dispose (GObject *object)
{
  BerthImageSearchDialog *self = BERTH_IMAGE_SEARCH_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_cancellable_cancel (self->pull_cancellable);

  G_OBJECT_CLASS (berth_image_search_dialog_parent_class)->dispose (object);
}

static void
berth_image_search_dialog_finalize (GObject *object)
{
  BerthImageSearchDialog *self = BERTH_IMAGE_SEARCH_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->pull_cancellable);
  g_free (self->term);
  g_free (self->error);
  g_free (self->command);

  G_OBJECT_CLASS (berth_image_search_dialog_parent_class)->finalize (object);
}

static void
berth_image_search_dialog_class_init (BerthImageSearchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_image_search_dialog_dispose;
  object_class->finalize = berth_image_search_dialog_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
berth_image_search_dialog_init (BerthImageSearchDialog *self)
{
  self->cancellable = g_cancellable_new ();
}

BerthImageSearchDialog *
berth_image_search_dialog_new (GtkWindow *parent)
{
  BerthImageSearchDialog *self;

  self = g_object_new (BERTH_TYPE_IMAGE_SEARCH_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "default-width", 640,
                       "default-height", 720,
                       "title", _("Search Docker Hub"),
                       NULL);
  adw_window_set_content (ADW_WINDOW (self), build_content (self));
  set_command (self, g_strdup ("docker search"));
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  return self;
}

gboolean
berth_image_search_dialog_get_busy (BerthImageSearchDialog *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_SEARCH_DIALOG (self), FALSE);
  return self->busy;
}

guint
berth_image_search_dialog_get_n_results (BerthImageSearchDialog *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_SEARCH_DIALOG (self), 0);
  return self->n_results;
}

/* "start", "loading", "results", "empty" or "error". */
const char *
berth_image_search_dialog_get_view (BerthImageSearchDialog *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_SEARCH_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/* The engine's words when the search failed. */
const char *
berth_image_search_dialog_get_error (BerthImageSearchDialog *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_SEARCH_DIALOG (self), NULL);
  return self->error;
}

const char *
berth_image_search_dialog_get_command (BerthImageSearchDialog *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_SEARCH_DIALOG (self), NULL);
  return self->command;
}

BerthPullProgress *
berth_image_search_dialog_get_progress (BerthImageSearchDialog *self)
{
  g_return_val_if_fail (BERTH_IS_IMAGE_SEARCH_DIALOG (self), NULL);
  return self->progress;
}
