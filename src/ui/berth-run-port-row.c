/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include <glib/gi18n.h>

#include "berth-run-field.h"
#include "berth-run-port-row.h"

/* One -p of the Run dialog: [address:][port on this computer:]port in the
 * container[/protocol], each part in its own field with a caption, and the
 * sentence that says what is wrong under them. */

struct _BerthRunPortRow
{
  AdwPreferencesRow  parent_instance;

  GtkWidget         *host_ip;
  GtkWidget         *host_port;
  GtkWidget         *container_port;
  GtkWidget         *protocol;
  GtkWidget         *message;
};

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (BerthRunPortRow, berth_run_port_row, ADW_TYPE_PREFERENCES_ROW)

static char *
stripped (GtkWidget *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
changed_cb (BerthRunPortRow *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_cb (BerthRunPortRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

BerthRunPort *
berth_run_port_row_dup_port (BerthRunPortRow *self)
{
  g_autofree char *ip = NULL;
  g_autofree char *host = NULL;
  g_autofree char *container = NULL;

  g_return_val_if_fail (BERTH_IS_RUN_PORT_ROW (self), NULL);

  ip = stripped (self->host_ip);
  host = stripped (self->host_port);
  container = stripped (self->container_port);
  return berth_run_port_new (*ip ? ip : NULL, *host ? host : NULL, container,
                             gtk_drop_down_get_selected (GTK_DROP_DOWN (self->protocol)));
}

static gboolean
part_valid (const char       *ip,
            const char       *host,
            const char       *container,
            BerthRunProtocol  protocol)
{
  g_autoptr (BerthRunPort) port = berth_run_port_new (ip, host, container, protocol);

  return berth_run_port_validate (port, NULL);
}

static void
mark (BerthRunPortRow *self,
      gboolean         ip,
      gboolean         host,
      gboolean         container)
{
  berth_run_mark_error (self->host_ip, ip);
  berth_run_mark_error (self->host_port, host);
  berth_run_mark_error (self->container_port, container);
}

/* Shows what berth_run_port_validate() said and marks the parts that are
 * wrong on their own (or both ports, when only their pairing is). */
void
berth_run_port_row_set_error (BerthRunPortRow *self,
                              const char      *message)
{
  g_autoptr (BerthRunPort) port = NULL;
  gboolean ip, host, container;

  g_return_if_fail (BERTH_IS_RUN_PORT_ROW (self));

  berth_run_set_message (self->message, message);
  if (message == NULL)
    {
      mark (self, FALSE, FALSE, FALSE);
      return;
    }

  port = berth_run_port_row_dup_port (self);
  container = !part_valid (NULL, NULL, port->container_port, port->protocol);
  host = !part_valid (NULL, port->host_port, container ? "80" : port->container_port, port->protocol) &&
         !part_valid (NULL, port->host_port, "80", port->protocol);
  ip = !part_valid (port->host_ip, NULL, "80", port->protocol);
  if (!ip && !host && !container)
    host = container = TRUE;
  mark (self, ip, host, container);
}

/* The host port is taken by another container. */
void
berth_run_port_row_set_conflict (BerthRunPortRow *self,
                                 const char      *message)
{
  g_return_if_fail (BERTH_IS_RUN_PORT_ROW (self));

  berth_run_set_message (self->message, message);
  mark (self, FALSE, message != NULL, FALSE);
}

const char *
berth_run_port_row_get_message (BerthRunPortRow *self)
{
  g_return_val_if_fail (BERTH_IS_RUN_PORT_ROW (self), NULL);

  if (!gtk_widget_get_visible (self->message))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (self->message));
}

/* "host-ip", "host-port" or "container-port". */
GtkEditable *
berth_run_port_row_get_entry (BerthRunPortRow *self,
                              const char      *name)
{
  g_return_val_if_fail (BERTH_IS_RUN_PORT_ROW (self), NULL);

  if (g_str_equal (name, "host-ip"))
    return GTK_EDITABLE (self->host_ip);
  if (g_str_equal (name, "host-port"))
    return GTK_EDITABLE (self->host_port);
  if (g_str_equal (name, "container-port"))
    return GTK_EDITABLE (self->container_port);
  g_return_val_if_reached (NULL);
}

static void
berth_run_port_row_class_init (BerthRunPortRowClass *klass)
{
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static GtkWidget *
add_entry (BerthRunPortRow *self,
           GtkBox          *line,
           const char      *caption,
           const char      *placeholder,
           int              width_chars,
           const char      *tooltip)
{
  GtkWidget *entry = berth_run_entry_new (placeholder, width_chars);
  GtkWidget *field = berth_run_field_new (caption, entry, NULL);

  gtk_widget_set_tooltip_text (entry, tooltip);
  g_signal_connect_object (entry, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (line, field);
  return entry;
}

static void
berth_run_port_row_init (BerthRunPortRow *self)
{
  static const char * const protocols[] = { "TCP", "UDP", "SCTP", NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *arrow = gtk_label_new ("→");
  GtkWidget *remove = berth_run_remove_button_new (_("Remove Port"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _("Published port"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "run-row");

  self->host_ip = add_entry (self, GTK_BOX (line), _("Address"), _("All"), 11,
                             _("Only on this address of the computer, like 127.0.0.1; empty for every address"));
  self->host_port = add_entry (self, GTK_BOX (line), _("Port on this computer"), _("Random"), 9,
                               _("Where you open it, like 8080 in http://localhost:8080; empty for a random free port"));
  gtk_widget_set_valign (arrow, GTK_ALIGN_END);
  gtk_widget_set_margin_bottom (arrow, 8);
  gtk_widget_add_css_class (arrow, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL, _("goes to"), -1);
  gtk_box_append (GTK_BOX (line), arrow);
  self->container_port = add_entry (self, GTK_BOX (line), _("Port in the container"), _("like 80"), 9,
                                    _("The port the app inside listens on, like 80 for a web server, or a range like 8000-8005"));

  self->protocol = gtk_drop_down_new_from_strings (protocols);
  gtk_widget_set_tooltip_text (self->protocol, _("TCP for almost everything; UDP for things like DNS or games"));
  g_signal_connect_object (self->protocol, "notify::selected", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (line), berth_run_field_new (_("Protocol"), self->protocol, NULL));

  gtk_widget_set_hexpand (remove, TRUE);
  gtk_widget_set_halign (remove, GTK_ALIGN_END);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (line), remove);

  self->message = berth_run_message_label_new ();
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), self->message);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
}

/**
 * berth_run_port_row_new:
 * @port: (nullable): what to show; an empty row without
 */
GtkWidget *
berth_run_port_row_new (const BerthRunPort *port)
{
  BerthRunPortRow *self = g_object_new (BERTH_TYPE_RUN_PORT_ROW, NULL);

  if (port != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->host_ip), port->host_ip ? port->host_ip : "");
      gtk_editable_set_text (GTK_EDITABLE (self->host_port), port->host_port ? port->host_port : "");
      gtk_editable_set_text (GTK_EDITABLE (self->container_port), port->container_port ? port->container_port : "");
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->protocol), port->protocol);
    }
  return GTK_WIDGET (self);
}
