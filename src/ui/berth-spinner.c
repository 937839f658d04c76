/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "Berth"

#include "config.h"

#include "berth-spinner.h"

/* A spinner that shows up only when a wait is long enough to notice: a
 * shorter one shows nothing instead of a flash. It also keeps the spinner's
 * icon, an SVG in the Adwaita theme, from being drawn at start-up, where
 * the engine usually answers before the window is up: the first SVG a
 * process draws maps librsvg and its libraries, some 10 MB (tests/bench). */

static GQuark timeout_quark;

static void
weak_ref_free (gpointer weak_ref)
{
  g_weak_ref_clear (weak_ref);
  g_free (weak_ref);
}

/* The spinner's widget may be gone by then: it is not kept for this. */
static gboolean
start_cb (gpointer user_data)
{
  g_autoptr (GtkSpinner) spinner = g_weak_ref_get (user_data);

  if (spinner != NULL)
    {
      g_object_set_qdata (G_OBJECT (spinner), timeout_quark, NULL);
      gtk_spinner_start (spinner);
    }
  return G_SOURCE_REMOVE;
}

/**
 * berth_spinner_start_later:
 *
 * Starts @spinner in BERTH_SPINNER_DELAY_MS, unless berth_spinner_stop()
 * comes first. A spinner already spinning goes on.
 */
void
berth_spinner_start_later (GtkSpinner *spinner)
{
  GWeakRef *weak_ref;
  guint id;

  g_return_if_fail (GTK_IS_SPINNER (spinner));

  if (timeout_quark == 0)
    timeout_quark = g_quark_from_static_string ("berth-spinner-timeout");
  if (gtk_spinner_get_spinning (spinner) || g_object_get_qdata (G_OBJECT (spinner), timeout_quark) != NULL)
    return;

  weak_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak_ref, spinner);
  id = g_timeout_add_full (G_PRIORITY_DEFAULT, BERTH_SPINNER_DELAY_MS, start_cb, weak_ref, weak_ref_free);
  g_source_set_name_by_id (id, "[berth] spinner delay");
  g_object_set_qdata (G_OBJECT (spinner), timeout_quark, GUINT_TO_POINTER (id));
}

void
berth_spinner_stop (GtkSpinner *spinner)
{
  guint id;

  g_return_if_fail (GTK_IS_SPINNER (spinner));

  id = timeout_quark != 0 ? GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (spinner), timeout_quark)) : 0;
  if (id != 0)
    {
      g_object_set_qdata (G_OBJECT (spinner), timeout_quark, NULL);
      g_source_remove (id);
    }
  gtk_spinner_stop (spinner);
}

static void
page_map_cb (GtkWidget *spinner)
{
  berth_spinner_start_later (GTK_SPINNER (spinner));
}

static void
page_unmap_cb (GtkWidget *spinner)
{
  berth_spinner_stop (GTK_SPINNER (spinner));
}

/**
 * berth_spinner_new_for_page:
 *
 * A spinner that is a page of its own, shown while something loads (a
 * stack's "loading" page): it spins from BERTH_SPINNER_DELAY_MS after it is
 * shown until it is hidden.
 *
 * Returns: (transfer floating): the spinner
 */
GtkWidget *
berth_spinner_new_for_page (void)
{
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  g_signal_connect (spinner, "map", G_CALLBACK (page_map_cb), NULL);
  g_signal_connect (spinner, "unmap", G_CALLBACK (page_unmap_cb), NULL);
  return spinner;
}
