/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-application.h"
#include "berth-container-page.h"
#include "berth-containers-page.h"
#include "berth-engine-error.h"
#include "berth-history-popover.h"
#include "berth-images-page.h"
#include "berth-networks-page.h"
#include "berth-registries-dialog.h"
#include "berth-run-dialog.h"
#include "berth-setup-page.h"
#include "berth-spinner.h"
#include "berth-trace.h"
#include "berth-volumes-page.h"
#include "berth-window.h"

/* The main window: finds the engine (or asks for it), shows the four pages
 * in a sidebar, says when the engine is away, and runs actions: each one's
 * equivalent docker command goes to a toast and to the command history. */

struct _BerthWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *connecting_page;
  GtkSpinner           *connecting_spinner;
  GtkWidget            *setup_back;
  BerthSetupPage       *setup_page;
  AdwLeaflet           *leaflet;
  AdwWindowTitle       *engine_title;
  GtkListBox           *sidebar_list;
  GtkWidget            *content;
  AdwWindowTitle       *page_title;
  GtkRevealer          *banner;
  GtkLabel             *banner_label;
  GtkStack             *pages;
  BerthHistoryPopover  *history_popover;

  /* Owned */
  GSettings            *settings;
  BerthStore           *store;
  BerthCommandLog      *command_log;
  GCancellable         *cancellable;
  BerthResourcePage    *page_for_kind[4];
  BerthContainerPage   *container_page;
  BerthImagePage       *image_page;
  GtkLabel             *count_for_kind[4];
  gulong                after_paint_id;
  gint64                status_refreshed_at;
};

G_DEFINE_FINAL_TYPE (BerthWindow, berth_window, ADW_TYPE_APPLICATION_WINDOW)

static const char * const page_names[] = { "containers", "images", "volumes", "networks" };

/* Engine and connection ------------------------------------------------------ */

static void
update_engine_title (BerthWindow *self)
{
  BerthEngine *engine = self->store ? berth_store_get_engine (self->store) : NULL;
  g_autofree char *subtitle = NULL;
  const char *name;

  if (engine == NULL || berth_engine_get_version (engine) == NULL)
    {
      adw_window_title_set_subtitle (self->engine_title, NULL);
      return;
    }

  name = berth_engine_get_kind (engine) == BERTH_ENGINE_KIND_PODMAN ? "Podman" : "Docker";
  /* Translators: engine name, its version and the API version, e.g. "Docker 24.0.7 · API 1.43" */
  subtitle = g_strdup_printf (_("%s %s · API %s"), name,
                              berth_engine_get_version (engine),
                              berth_engine_get_api_version (engine));
  adw_window_title_set_subtitle (self->engine_title, subtitle);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->engine_title),
                               berth_endpoint_get_address (berth_engine_get_endpoint (engine)));
}

static void
show_setup (BerthWindow  *self,
            const GError *error)
{
  berth_setup_page_set_error (self->setup_page, error);
  gtk_widget_set_visible (self->setup_back, FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "setup");
}

static void
show_connecting (BerthWindow *self)
{
  BerthEndpoint *endpoint = berth_engine_get_endpoint (berth_store_get_engine (self->store));
  g_autofree char *description = NULL;

  description = g_strdup_printf (_("Connecting to %s (%s)"),
                                 berth_endpoint_get_address (endpoint),
                                 berth_endpoint_get_source (endpoint));
  adw_status_page_set_description (self->connecting_page, description);
  berth_spinner_start_later (self->connecting_spinner);
  gtk_stack_set_visible_child_name (self->main_stack, "connecting");
}

static void
show_main (BerthWindow *self)
{
  berth_spinner_stop (self->connecting_spinner);
  gtk_stack_set_visible_child_name (self->main_stack, "main");
}

static void
update_banner (BerthWindow *self)
{
  const GError *error = berth_store_get_error (self->store);
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("The engine is not answering: %s. Berth reconnects on its own as soon as it is back."),
                          error ? error->message : _("the connection was lost"));
  gtk_label_set_label (self->banner_label, text);
  gtk_revealer_set_reveal_child (self->banner, TRUE);
}

static void
store_state_changed_cb (BerthWindow *self)
{
  BerthStoreState state = berth_store_get_state (self->store);

  switch (state)
    {
    case BERTH_STORE_STATE_CONNECTED:
      gtk_revealer_set_reveal_child (self->banner, FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->pages), "stale");
      show_main (self);
      break;

    case BERTH_STORE_STATE_DISCONNECTED:
      if (berth_store_get_ever_connected (self->store))
        {
          update_banner (self);
          gtk_widget_add_css_class (GTK_WIDGET (self->pages), "stale");
        }
      else
        show_setup (self, berth_store_get_error (self->store));
      break;

    case BERTH_STORE_STATE_CONNECTING:
      /* Containers read at start-up (BerthPreload) are shown meanwhile. */
      if (berth_store_get_ever_connected (self->store))
        break;
      if (berth_resource_list_get_loaded (berth_store_get_list (self->store, BERTH_RESOURCE_KIND_CONTAINER)))
        show_main (self);
      else
        show_connecting (self);
      break;

    case BERTH_STORE_STATE_IDLE:
    default:
      break;
    }

  update_engine_title (self);
}

static void
after_paint_cb (GdkFrameClock *clock,
                BerthWindow   *self)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  g_clear_signal_handler (&self->after_paint_id, clock);
  berth_trace_mark ("first-frame", "showing %s, containers %u",
                    gtk_stack_get_visible_child_name (self->main_stack),
                    g_list_model_get_n_items (G_LIST_MODEL (berth_store_get_list (self->store, BERTH_RESOURCE_KIND_CONTAINER))));

  if (BERTH_IS_APPLICATION (app) && berth_application_get_quit_after_first_load (BERTH_APPLICATION (app)))
    g_application_quit (app);
}

/* The benchmark's "first frame": the first paint after the containers are
 * in the list model. Also called once the window is realized: a preload
 * that was in before the window was built loads the list before there is
 * a frame clock. */
static void
containers_loaded_cb (BerthWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (self->store == NULL)
    return;

  if (berth_store_get_state (self->store) == BERTH_STORE_STATE_CONNECTING &&
      berth_resource_list_get_loaded (berth_store_get_list (self->store, BERTH_RESOURCE_KIND_CONTAINER)))
    show_main (self);

  if (clock == NULL || self->after_paint_id != 0 ||
      !berth_resource_list_get_loaded (berth_store_get_list (self->store, BERTH_RESOURCE_KIND_CONTAINER)))
    return;

  self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
}

static void
update_count (GtkLabel          *label,
              GParamSpec        *pspec,
              BerthResourceList *list)
{
  g_autofree char *text = g_strdup_printf ("%u", g_list_model_get_n_items (G_LIST_MODEL (list)));

  gtk_label_set_label (label, text);
}

/**
 * berth_window_set_endpoint:
 *
 * Connects to @endpoint, replacing any engine shown before.
 */
void
berth_window_set_endpoint (BerthWindow   *self,
                           BerthEndpoint *endpoint)
{
  GtkApplication *app;
  g_autoptr (BerthPreload) preload = NULL;

  g_return_if_fail (BERTH_IS_WINDOW (self));
  g_return_if_fail (BERTH_IS_ENDPOINT (endpoint));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  if (self->container_page != NULL)
    {
      gtk_stack_remove (self->pages, GTK_WIDGET (self->container_page));
      self->container_page = NULL;
    }
  if (self->image_page != NULL)
    {
      gtk_stack_remove (self->pages, GTK_WIDGET (self->image_page));
      self->image_page = NULL;
    }

  self->store = berth_store_new (endpoint);
  g_signal_connect_object (self->store, "notify::state", G_CALLBACK (store_state_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "notify::error", G_CALLBACK (store_state_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (berth_store_get_list (self->store, BERTH_RESOURCE_KIND_CONTAINER),
                           "notify::loaded", G_CALLBACK (containers_loaded_cb),
                           self, G_CONNECT_SWAPPED);

  for (guint kind = 0; kind < G_N_ELEMENTS (self->page_for_kind); kind++)
    {
      BerthResourceList *list = berth_store_get_list (self->store, kind);

      if (self->page_for_kind[kind] != NULL)
        berth_resource_page_set_store (self->page_for_kind[kind], self->store);
      g_signal_connect_object (list, "notify::n-items", G_CALLBACK (update_count),
                               self->count_for_kind[kind], G_CONNECT_SWAPPED);
      update_count (self->count_for_kind[kind], NULL, list);
    }

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (BERTH_IS_APPLICATION (app) && (preload = berth_application_take_preload (BERTH_APPLICATION (app))) != NULL)
    berth_store_set_preload (self->store, preload);

  berth_store_start (self->store);
}

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (BerthWindow) self = user_data;
  g_autoptr (BerthEndpoint) endpoint = NULL;
  g_autoptr (GError) error = NULL;

  endpoint = berth_endpoint_discover_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (endpoint == NULL)
    show_setup (self, error);
  else
    berth_window_set_endpoint (self, endpoint);
}

/**
 * berth_window_connect_default:
 *
 * Connects to the address the user chose in Berth, or else to the engine
 * the docker CLI would use.
 */
void
berth_window_connect_default (BerthWindow *self)
{
  g_autofree char *address = NULL;
  g_autoptr (BerthEndpoint) endpoint = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (BERTH_IS_WINDOW (self));

  address = g_settings_get_string (self->settings, "engine-address");
  if (address != NULL && *address != '\0')
    {
      endpoint = berth_endpoint_new_for_address (address, &error);
      if (endpoint == NULL)
        show_setup (self, error);
      else
        berth_window_set_endpoint (self, endpoint);
      return;
    }

  berth_endpoint_discover_async (NULL, self->cancellable, discover_cb, g_object_ref (self));
}

static void
setup_connect_cb (BerthWindow   *self,
                  BerthEndpoint *endpoint)
{
  /* Remembered: next time Berth starts with the engine the user chose. */
  g_settings_set_string (self->settings, "engine-address", berth_endpoint_get_address (endpoint));
  berth_window_set_endpoint (self, endpoint);
}

static void
setup_discover_cb (BerthWindow *self)
{
  g_settings_reset (self->settings, "engine-address");
  berth_window_connect_default (self);
}

static void
setup_back_cb (BerthWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "main");
}

static void
banner_retry_cb (BerthWindow *self)
{
  if (self->store != NULL)
    berth_store_reconnect_now (self->store);
}

/* Pages ---------------------------------------------------------------------- */

static void
visible_page_changed_cb (BerthWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->pages);

  if (BERTH_IS_CONTAINER_PAGE (child))
    adw_window_title_set_title (self->page_title, berth_container_page_get_name (BERTH_CONTAINER_PAGE (child)));
  if (BERTH_IS_IMAGE_PAGE (child))
    adw_window_title_set_title (self->page_title, berth_image_page_get_name (BERTH_IMAGE_PAGE (child)));
  if (!BERTH_IS_RESOURCE_PAGE (child))
    return;

  adw_window_title_set_title (self->page_title, berth_resource_page_get_title (BERTH_RESOURCE_PAGE (child)));
  g_settings_set_string (self->settings, "last-page", gtk_stack_get_visible_child_name (self->pages));
}

static void
sidebar_row_activated_cb (BerthWindow   *self,
                          GtkListBoxRow *row)
{
  berth_window_show_page (self, gtk_list_box_row_get_index (row));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (BerthWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static GtkWidget *
sidebar_row_new (BerthWindow            *self,
                 BerthResourcePageClass *page_class,
                 BerthResourceKind       kind)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (page_class->icon_name);
  GtkWidget *label = gtk_label_new (_(page_class->title));
  GtkWidget *count = gtk_label_new (NULL);

  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);

  self->count_for_kind[kind] = GTK_LABEL (count);
  return row;
}

static const GType *
page_types (void)
{
  static GType types[4];

  if (types[0] == 0)
    {
      types[BERTH_RESOURCE_KIND_CONTAINER] = BERTH_TYPE_CONTAINERS_PAGE;
      types[BERTH_RESOURCE_KIND_IMAGE] = BERTH_TYPE_IMAGES_PAGE;
      types[BERTH_RESOURCE_KIND_VOLUME] = BERTH_TYPE_VOLUMES_PAGE;
      types[BERTH_RESOURCE_KIND_NETWORK] = BERTH_TYPE_NETWORKS_PAGE;
    }
  return types;
}

/* The sidebar; the pages are made when first shown (ensure_page()): one
 * page is ~2 ms to build and a few more to show, and most starts show only
 * one (tests/bench, start-up). */
static void
add_sidebar (BerthWindow *self)
{
  for (guint kind = 0; kind < G_N_ELEMENTS (self->page_for_kind); kind++)
    {
      g_autoptr (GTypeClass) page_class = g_type_class_ref (page_types ()[kind]);

      gtk_list_box_append (self->sidebar_list,
                           sidebar_row_new (self, BERTH_RESOURCE_PAGE_CLASS (page_class), kind));
    }
}

static BerthResourcePage *
ensure_page (BerthWindow       *self,
             BerthResourceKind  kind)
{
  if (self->page_for_kind[kind] == NULL)
    {
      self->page_for_kind[kind] = g_object_new (page_types ()[kind], NULL);
      gtk_stack_add_named (self->pages, GTK_WIDGET (self->page_for_kind[kind]), page_names[kind]);
      if (self->store != NULL)
        berth_resource_page_set_store (self->page_for_kind[kind], self->store);
    }
  return self->page_for_kind[kind];
}

/* The list page of @kind, made now if it was not shown yet. */
BerthResourcePage *
berth_window_get_page (BerthWindow       *self,
                       BerthResourceKind  kind)
{
  g_return_val_if_fail (BERTH_IS_WINDOW (self), NULL);
  g_return_val_if_fail (kind < G_N_ELEMENTS (self->page_for_kind), NULL);

  return ensure_page (self, kind);
}

void
berth_window_show_page (BerthWindow       *self,
                        BerthResourceKind  kind)
{
  g_return_if_fail (BERTH_IS_WINDOW (self));
  g_return_if_fail (kind < G_N_ELEMENTS (self->page_for_kind));

  gtk_stack_set_visible_child (self->pages, GTK_WIDGET (ensure_page (self, kind)));
  gtk_list_box_select_row (self->sidebar_list, gtk_list_box_get_row_at_index (self->sidebar_list, kind));
}

/**
 * berth_window_open_container:
 * @id: a container's id, as in the list of containers
 *
 * Shows the container's own page (its overview, logs, terminal, stats and
 * processes) in place of the list; its Back button returns to the list.
 * The page of the container shown last is kept, with its terminals, until
 * another container is opened.
 */
void
berth_window_open_container (BerthWindow *self,
                             const char  *id)
{
  BerthResource *container;

  g_return_if_fail (BERTH_IS_WINDOW (self));
  g_return_if_fail (id != NULL);

  if (self->store == NULL ||
      (container = berth_resource_list_lookup (berth_store_get_list (self->store, BERTH_RESOURCE_KIND_CONTAINER),
                                               id)) == NULL)
    return;

  if (self->container_page != NULL &&
      g_strcmp0 (berth_container_page_get_container_id (self->container_page), berth_resource_get_id (container)) != 0)
    {
      gtk_stack_remove (self->pages, GTK_WIDGET (self->container_page));
      self->container_page = NULL;
    }
  if (self->container_page == NULL)
    {
      self->container_page = berth_container_page_new (self->store, BERTH_CONTAINER (container));
      gtk_stack_add_named (self->pages, GTK_WIDGET (self->container_page), "container");
    }

  gtk_stack_set_visible_child (self->pages, GTK_WIDGET (self->container_page));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Returns: (nullable) (transfer none): the page of the container opened last */
BerthContainerPage *
berth_window_get_container_page (BerthWindow *self)
{
  g_return_val_if_fail (BERTH_IS_WINDOW (self), NULL);
  return self->container_page;
}

/**
 * berth_window_open_image:
 * @id: an image's id, as in the list of images
 *
 * Shows the image's own page (how it runs, its layers, its containers) in
 * place of the list; its Back button returns to the list.
 */
void
berth_window_open_image (BerthWindow *self,
                         const char  *id)
{
  BerthResource *image;

  g_return_if_fail (BERTH_IS_WINDOW (self));
  g_return_if_fail (id != NULL);

  if (self->store == NULL ||
      (image = berth_resource_list_lookup (berth_store_get_list (self->store, BERTH_RESOURCE_KIND_IMAGE), id)) == NULL)
    return;

  if (self->image_page != NULL)
    gtk_stack_remove (self->pages, GTK_WIDGET (self->image_page));
  self->image_page = berth_image_page_new (self->store, BERTH_IMAGE (image));
  gtk_stack_add_named (self->pages, GTK_WIDGET (self->image_page), "image");
  gtk_stack_set_visible_child (self->pages, GTK_WIDGET (self->image_page));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Returns: (nullable) (transfer none): the page of the image opened last */
BerthImagePage *
berth_window_get_image_page (BerthWindow *self)
{
  g_return_val_if_fail (BERTH_IS_WINDOW (self), NULL);
  return self->image_page;
}

static BerthResourcePage *
visible_page (BerthWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (self->pages);

  return BERTH_IS_RESOURCE_PAGE (child) ? BERTH_RESOURCE_PAGE (child) : NULL;
}

/* "connecting", "setup" or "main". */
const char *
berth_window_get_view_name (BerthWindow *self)
{
  g_return_val_if_fail (BERTH_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

gboolean
berth_window_get_banner_revealed (BerthWindow *self)
{
  g_return_val_if_fail (BERTH_IS_WINDOW (self), FALSE);
  return gtk_revealer_get_reveal_child (self->banner);
}

BerthStore *
berth_window_get_store (BerthWindow *self)
{
  g_return_val_if_fail (BERTH_IS_WINDOW (self), NULL);
  return self->store;
}

BerthCommandLog *
berth_window_get_command_log (BerthWindow *self)
{
  g_return_val_if_fail (BERTH_IS_WINDOW (self), NULL);
  return self->command_log;
}

/* Running actions ------------------------------------------------------------ */

void
berth_window_toast_command (BerthWindow *self,
                            const char  *message,
                            const char  *command)
{
  g_autofree char *escaped_message = g_markup_escape_text (message, -1);
  g_autofree char *escaped_command = g_markup_escape_text (command, -1);
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* Translators: a toast: what happened, then the docker command that does the same */
  title = g_strdup_printf (_("%s  <tt>%s</tt>"), escaped_message, escaped_command);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Copy"));
  adw_toast_set_action_name (toast, "app.copy-text");
  adw_toast_set_action_target_value (toast, g_variant_new_string (command));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
error_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   BerthWindow      *self)
{
  if (g_strcmp0 (response, "copy") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.copy-text", "s",
                                g_object_get_data (G_OBJECT (dialog), "command"));
}

void
berth_window_show_error (BerthWindow *self,
                         const char  *heading,
                         const char  *message,
                         const char  *command)
{
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  if (command != NULL)
    /* Translators: the engine's error message, then the equivalent command */
    body = g_strdup_printf (_("%s\n\nThe same with the docker command line:\n%s"), message, command);
  else
    body = g_strdup (message);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  if (command != NULL)
    {
      adw_message_dialog_add_response (dialog, "copy", _("Copy _Command"));
      g_object_set_data_full (G_OBJECT (dialog), "command", g_strdup (command), g_free);
    }
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (error_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  BerthWindow *self;
  GPtrArray   *operations;
  char        *done_message;
  char        *failed_heading;
  char        *api_version;
  GString     *errors;
  guint        pending;
  guint        failed;
} Batch;

static void
batch_free (Batch *batch)
{
  g_clear_object (&batch->self);
  g_clear_pointer (&batch->operations, g_ptr_array_unref);
  g_free (batch->done_message);
  g_free (batch->failed_heading);
  g_free (batch->api_version);
  g_string_free (batch->errors, TRUE);
  g_free (batch);
}

static void
batch_finish (Batch *batch)
{
  BerthWindow *self = batch->self;
  g_auto (GStrv) commands = berth_operation_batch_to_commands (batch->operations, batch->api_version);
  g_autofree char *joined = g_strjoinv ("\n", commands);

  for (guint i = 0; commands[i] != NULL; i++)
    berth_command_log_add (self->command_log, commands[i],
                           batch->failed ? batch->failed_heading : batch->done_message,
                           batch->failed == batch->operations->len);

  if (batch->failed == 0)
    berth_window_toast_command (self, batch->done_message, joined);
  else
    berth_window_show_error (self, batch->failed_heading, batch->errors->str, joined);
}

static void
batch_operation_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Batch *batch = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;

  answer = berth_operation_run_finish (result, &error);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (batch->errors->len > 0)
        g_string_append_c (batch->errors, '\n');
      g_string_append (batch->errors, error->message);
      batch->failed++;
    }

  if (--batch->pending == 0)
    {
      if (!g_cancellable_is_cancelled (batch->self->cancellable))
        batch_finish (batch);
      batch_free (batch);
    }
}

/**
 * berth_window_run_batch:
 * @operations: (element-type BerthOperation): what to do, all at once
 * @done_message: the toast's text on success ("Stopped “web”")
 * @failed_heading: the error dialog's heading ("Could Not Stop “web”")
 *
 * Runs the operations on the current engine. Success shows a toast with the
 * equivalent docker command; failures show the engine's own messages. Both
 * go to the command history.
 */
void
berth_window_run_batch (BerthWindow *self,
                        GPtrArray   *operations,
                        const char  *done_message,
                        const char  *failed_heading)
{
  BerthEngine *engine;
  Batch *batch;

  g_return_if_fail (BERTH_IS_WINDOW (self));
  g_return_if_fail (operations != NULL && operations->len > 0);

  if (self->store == NULL)
    return;

  engine = berth_store_get_engine (self->store);
  batch = g_new0 (Batch, 1);
  batch->self = g_object_ref (self);
  batch->operations = g_ptr_array_ref (operations);
  batch->done_message = g_strdup (done_message);
  batch->failed_heading = g_strdup (failed_heading);
  batch->api_version = g_strdup (berth_engine_get_api_version (engine));
  batch->errors = g_string_new (NULL);
  batch->pending = operations->len;

  for (guint i = 0; i < operations->len; i++)
    berth_operation_run_async (g_ptr_array_index (operations, i), engine, self->cancellable,
                               batch_operation_cb, batch);
}

typedef struct
{
  BerthWindow *self;
  char        *command;
  BerthOperationKind kind;
} Prune;

static void
prune_free (Prune *prune)
{
  g_clear_object (&prune->self);
  g_free (prune->command);
  g_free (prune);
}

/* What a prune answer says it removed: {"VolumesDeleted": [...], "SpaceReclaimed": N} */
static char *
describe_prune (BerthOperationKind  kind,
                JsonNode           *answer)
{
  JsonObject *object = answer && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  const char *member = kind == BERTH_OPERATION_IMAGE_PRUNE ? "ImagesDeleted"
                     : kind == BERTH_OPERATION_VOLUME_PRUNE ? "VolumesDeleted" : "NetworksDeleted";
  JsonNode *deleted = object ? json_object_get_member (object, member) : NULL;
  guint n = deleted && JSON_NODE_HOLDS_ARRAY (deleted) ? json_array_get_length (json_node_get_array (deleted)) : 0;
  gint64 space = 0;
  g_autofree char *size = NULL;

  if (object != NULL && json_object_has_member (object, "SpaceReclaimed"))
    space = json_object_get_int_member (object, "SpaceReclaimed");

  if (n == 0)
    return g_strdup (_("Nothing was unused"));

  size = g_format_size (space);
  switch (kind)
    {
    case BERTH_OPERATION_IMAGE_PRUNE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Removed %u image layer and freed %s",
                                           "Removed %u image layers and freed %s", n), n, size);
    case BERTH_OPERATION_VOLUME_PRUNE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Removed %u volume and freed %s",
                                           "Removed %u volumes and freed %s", n), n, size);
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Removed %u network",
                                           "Removed %u networks", n), n);
    }
}

static void
prune_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Prune *prune = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;
  g_autofree char *done = NULL;

  answer = berth_operation_run_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      prune_free (prune);
      return;
    }

  if (error != NULL)
    {
      berth_command_log_add (prune->self->command_log, prune->command, _("Could Not Clean Up"), TRUE);
      berth_window_show_error (prune->self, _("Could Not Clean Up"), error->message, prune->command);
    }
  else
    {
      done = describe_prune (prune->kind, answer);
      berth_command_log_add (prune->self->command_log, prune->command, done, FALSE);
      berth_window_toast_command (prune->self, done, prune->command);
    }

  prune_free (prune);
}

/**
 * berth_window_run_prune:
 * @operation: an image, volume or network prune
 *
 * Runs a prune and says what it removed and how much space it freed.
 */
void
berth_window_run_prune (BerthWindow    *self,
                        BerthOperation *operation)
{
  BerthEngine *engine;
  Prune *prune;

  g_return_if_fail (BERTH_IS_WINDOW (self));

  if (self->store == NULL)
    return;

  engine = berth_store_get_engine (self->store);
  prune = g_new0 (Prune, 1);
  prune->self = g_object_ref (self);
  prune->kind = operation->kind;
  prune->command = berth_operation_to_command (operation, berth_engine_get_api_version (engine));
  berth_operation_run_async (operation, engine, self->cancellable, prune_cb, prune);
}

/* The engine words a container's status relative to now ("Up 5 minutes")
 * and sends no event as time passes. Rather than poll, refresh the list
 * when the user comes back to the window after a while. */
#define STATUS_STALE_USEC (60 * G_USEC_PER_SEC)

static void
is_active_changed_cb (BerthWindow *self)
{
  gint64 now = g_get_monotonic_time ();

  if (!gtk_window_is_active (GTK_WINDOW (self)) || self->store == NULL ||
      berth_store_get_state (self->store) != BERTH_STORE_STATE_CONNECTED)
    return;

  if (now - self->status_refreshed_at > STATUS_STALE_USEC)
    {
      self->status_refreshed_at = now;
      berth_resource_list_refresh (berth_store_get_list (self->store, BERTH_RESOURCE_KIND_CONTAINER));
    }
}

/* Window actions ------------------------------------------------------------- */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BerthWindow *self = BERTH_WINDOW (widget);

  if (self->store == NULL)
    return;

  if (berth_store_get_state (self->store) == BERTH_STORE_STATE_DISCONNECTED)
    berth_store_reconnect_now (self->store);
  else
    berth_store_refresh (self->store);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BerthWindow *self = BERTH_WINDOW (widget);
  BerthResourcePage *page = visible_page (self);

  if (self->container_page != NULL &&
      gtk_stack_get_visible_child (self->pages) == GTK_WIDGET (self->container_page))
    {
      berth_container_page_search (self->container_page);
      return;
    }
  if (page != NULL && g_str_equal (berth_window_get_view_name (self), "main"))
    {
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
      berth_resource_page_focus_search (page);
    }
}

static gboolean
show_page_named (BerthWindow *self,
                 const char  *name)
{
  for (guint kind = 0; kind < G_N_ELEMENTS (page_names); kind++)
    {
      if (g_strcmp0 (name, page_names[kind]) == 0)
        {
          berth_window_show_page (self, kind);
          return TRUE;
        }
    }
  return FALSE;
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  show_page_named (BERTH_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
change_engine_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BerthWindow *self = BERTH_WINDOW (widget);
  BerthEndpoint *endpoint = NULL;

  if (self->store != NULL)
    endpoint = berth_engine_get_endpoint (berth_store_get_engine (self->store));

  berth_setup_page_set_current (self->setup_page, endpoint);
  gtk_widget_set_visible (self->setup_back, self->store != NULL &&
                          berth_store_get_ever_connected (self->store));
  gtk_stack_set_visible_child_name (self->main_stack, "setup");
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  berth_run_dialog_present (BERTH_WINDOW (widget), NULL);
}

static void
registries_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (berth_registries_dialog_new (GTK_WINDOW (widget), NULL)));
}

/* GObject -------------------------------------------------------------------- */

static gboolean
berth_window_close_request (GtkWindow *window)
{
  BerthWindow *self = BERTH_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (berth_window_parent_class)->close_request (window);
}

static void
berth_window_dispose (GObject *object)
{
  BerthWindow *self = BERTH_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->after_paint_id != 0)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

      if (clock != NULL)
        g_clear_signal_handler (&self->after_paint_id, clock);
      self->after_paint_id = 0;
    }
  for (guint kind = 0; kind < G_N_ELEMENTS (self->page_for_kind); kind++)
    if (self->page_for_kind[kind] != NULL)
      berth_resource_page_set_store (self->page_for_kind[kind], NULL);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), BERTH_TYPE_WINDOW);

  G_OBJECT_CLASS (berth_window_parent_class)->dispose (object);
}

static void
berth_window_finalize (GObject *object)
{
  BerthWindow *self = BERTH_WINDOW (object);

  g_clear_object (&self->command_log);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (berth_window_parent_class)->finalize (object);
}

static void
berth_window_class_init (BerthWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = berth_window_dispose;
  object_class->finalize = berth_window_finalize;
  window_class->close_request = berth_window_close_request;

  g_type_ensure (BERTH_TYPE_HISTORY_POPOVER);
  g_type_ensure (BERTH_TYPE_SETUP_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/berthapp/Berth/ui/berth-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, connecting_page);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, connecting_spinner);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, setup_back);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, setup_page);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, engine_title);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, content);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, BerthWindow, history_popover);
  gtk_widget_class_bind_template_callback (widget_class, setup_connect_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_discover_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_back_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_retry_cb);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.change-engine", NULL, change_engine_action);
  gtk_widget_class_install_action (widget_class, "win.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.registries", NULL, registries_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  for (guint kind = 0; kind < G_N_ELEMENTS (page_names); kind++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + kind, GDK_ALT_MASK,
                                         "win.show-page", "s", page_names[kind]);
}

static void
berth_window_init (BerthWindow *self)
{
  g_autofree char *last_page = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "realize", G_CALLBACK (containers_loaded_cb), NULL);

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  self->command_log = berth_command_log_new ();
  berth_history_popover_set_log (self->history_popover, self->command_log);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->status_refreshed_at = g_get_monotonic_time ();
  g_signal_connect (self, "notify::is-active", G_CALLBACK (is_active_changed_cb), NULL);

  add_sidebar (self);
  last_page = g_settings_get_string (self->settings, "last-page");
  if (!show_page_named (self, last_page))
    berth_window_show_page (self, BERTH_RESOURCE_KIND_CONTAINER);
  visible_page_changed_cb (self);
}

BerthWindow *
berth_window_new (GtkApplication *application)
{
  return g_object_new (BERTH_TYPE_WINDOW, "application", application, NULL);
}
