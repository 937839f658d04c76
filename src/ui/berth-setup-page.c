/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-setup-page.h"

/* Shown when no engine can be found or reached: how to start one, and a
 * field for an address of the user's own (checked before it is used). */

struct _BerthSetupPage
{
  GtkWidget      parent_instance;

  AdwStatusPage *status_page;
  AdwActionRow  *docker_row;
  AdwActionRow  *group_row;
  AdwActionRow  *podman_row;
  AdwEntryRow   *address_row;
  GtkLabel      *address_error;
};

enum {
  CONNECT_ADDRESS,
  DISCOVER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BerthSetupPage, berth_setup_page, GTK_TYPE_WIDGET)

static void
show_address_error (BerthSetupPage *self,
                    const char     *message)
{
  gtk_label_set_label (self->address_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->address_error), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
}

/**
 * berth_setup_page_submit:
 *
 * Validates @address; a valid one is announced with ::connect-address, an
 * invalid one is explained next to the field.
 */
void
berth_setup_page_submit (BerthSetupPage *self,
                         const char     *address)
{
  g_autoptr (BerthEndpoint) endpoint = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (BERTH_IS_SETUP_PAGE (self));

  endpoint = berth_endpoint_new_for_address (address, &error);
  if (endpoint == NULL)
    {
      show_address_error (self, error->message);
      return;
    }

  show_address_error (self, NULL);
  g_signal_emit (self, signals[CONNECT_ADDRESS], 0, endpoint);
}

static void
connect_clicked_cb (BerthSetupPage *self)
{
  berth_setup_page_submit (self, gtk_editable_get_text (GTK_EDITABLE (self->address_row)));
}

static void
address_changed_cb (BerthSetupPage *self)
{
  show_address_error (self, NULL);
}

static void
discover_clicked_cb (BerthSetupPage *self)
{
  g_signal_emit (self, signals[DISCOVER], 0);
}

static void
copy_row_cb (GtkButton    *button,
             AdwActionRow *row)
{
  gtk_widget_activate_action (GTK_WIDGET (button), "app.copy-text", "s",
                              adw_action_row_get_subtitle (row));
}

static void
add_copy_button (AdwActionRow *row)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  g_autofree char *label = g_strdup_printf (_("Copy “%s”"), adw_action_row_get_subtitle (row));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_signal_connect (button, "clicked", G_CALLBACK (copy_row_cb), row);
  adw_action_row_add_suffix (row, button);
}

static void
berth_setup_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BERTH_TYPE_SETUP_PAGE);

  G_OBJECT_CLASS (berth_setup_page_parent_class)->dispose (object);
}

/* The large icon is an SVG that GTK would load (with librsvg) while the page
 * is hidden behind the lists; it is set once the page is on screen. */
static void
status_page_map_cb (AdwStatusPage *status_page)
{
  adw_status_page_set_icon_name (status_page, APP_ID "-symbolic");
}

static void
berth_setup_page_class_init (BerthSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = berth_setup_page_dispose;

  /**
   * BerthSetupPage::connect-address:
   * @endpoint: the valid address the user chose
   */
  signals[CONNECT_ADDRESS] =
    g_signal_new ("connect-address", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, BERTH_TYPE_ENDPOINT);
  signals[DISCOVER] =
    g_signal_new ("discover", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/berthapp/Berth/ui/berth-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BerthSetupPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, BerthSetupPage, docker_row);
  gtk_widget_class_bind_template_child (widget_class, BerthSetupPage, group_row);
  gtk_widget_class_bind_template_child (widget_class, BerthSetupPage, podman_row);
  gtk_widget_class_bind_template_child (widget_class, BerthSetupPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, BerthSetupPage, address_error);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, discover_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_page_map_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
berth_setup_page_init (BerthSetupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  add_copy_button (self->docker_row);
  add_copy_button (self->group_row);
  add_copy_button (self->podman_row);
}

/* Explains why Berth is here: nothing found, or found but unreachable. */
void
berth_setup_page_set_error (BerthSetupPage *self,
                            const GError   *error)
{
  g_return_if_fail (BERTH_IS_SETUP_PAGE (self));

  if (error == NULL)
    {
      adw_status_page_set_title (self->status_page, _("Choose an Engine"));
      adw_status_page_set_description (self->status_page, NULL);
      return;
    }

  if (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_PERMISSION_DENIED))
    {
      g_autofree char *text = g_strdup_printf (_("%s\n\nYour user may not be allowed to use the engine’s socket: add yourself to the “docker” group."),
                                               error->message);

      adw_status_page_set_title (self->status_page, _("Not Allowed to Use the Engine"));
      adw_status_page_set_description (self->status_page, text);
      return;
    }

  if (g_error_matches (error, BERTH_ENGINE_ERROR, BERTH_ENGINE_ERROR_NO_ENGINE))
    adw_status_page_set_title (self->status_page, _("No Container Engine Found"));
  else
    adw_status_page_set_title (self->status_page, _("Cannot Reach the Engine"));
  adw_status_page_set_description (self->status_page, error->message);
}

/* Fills the address field with the engine in use, for changing it. */
void
berth_setup_page_set_current (BerthSetupPage *self,
                              BerthEndpoint  *endpoint)
{
  g_return_if_fail (BERTH_IS_SETUP_PAGE (self));

  berth_setup_page_set_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->address_row),
                         endpoint ? berth_endpoint_get_address (endpoint) : "");
  show_address_error (self, NULL);
}
