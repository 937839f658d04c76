/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "BerthEngine"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "berth-engine-error.h"
#include "berth-shell.h"

/* Characters that never need quoting in a POSIX shell word. "=" and ":" are
 * safe inside an argument; "~" is not (tilde expansion at the start). */
static gboolean
is_safe_char (char c)
{
  return g_ascii_isalnum (c) || strchr ("_@%+=:,./-", c) != NULL;
}

/**
 * berth_shell_quote:
 * @word: one argument
 *
 * Quotes @word for a POSIX shell, only when it needs it, so that
 * `docker stop web` stays readable and `docker stop 'my app'` stays correct.
 *
 * Returns: (transfer full): the quoted word
 */
char *
berth_shell_quote (const char *word)
{
  GString *out;
  gboolean safe = TRUE;

  g_return_val_if_fail (word != NULL, NULL);

  for (const char *p = word; *p; p++)
    safe &= is_safe_char (*p);

  if (safe && *word != '\0')
    return g_strdup (word);

  out = g_string_new ("'");
  for (const char *p = word; *p; p++)
    {
      if (*p == '\'')
        g_string_append (out, "'\\''");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');

  return g_string_free (out, FALSE);
}

/**
 * berth_shell_join:
 * @argv: a %NULL-terminated argument vector
 *
 * Returns: (transfer full): the arguments quoted and joined by spaces
 */
char *
berth_shell_join (const char * const *argv)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (argv != NULL, NULL);

  for (guint i = 0; argv[i] != NULL; i++)
    {
      g_autofree char *quoted = berth_shell_quote (argv[i]);

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, quoted);
    }

  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *p;
  GString    *word;
  gboolean    in_word;
  GPtrArray  *words;
} Splitter;

static void
end_word (Splitter *s)
{
  if (s->in_word)
    g_ptr_array_add (s->words, g_strdup (s->word->str));
  g_string_truncate (s->word, 0);
  s->in_word = FALSE;
}

/* What a shell would expand after "$": a name, a digit, ${, $( or a
 * special parameter. A lone "$" (or "$" before a space) stays literal. */
static gboolean
is_expansion (const char *after_dollar)
{
  char c = *after_dollar;

  return c != '\0' && (g_ascii_isalnum (c) || strchr ("_{(@*#?$!", c) != NULL);
}

static gboolean
refuse_expansion (const char  *p,
                  GError     **error)
{
  if (p[1] == '(')
    return berth_engine_error_invalid (error, _("“$(” runs a command in a shell; Berth does not run a shell. Write the value itself."));

  return berth_engine_error_invalid (error, _("“$” asks a shell to expand a variable; Berth does not run a shell. Write the value itself, or quote it with single quotes."));
}

static gboolean
read_single_quoted (Splitter  *s,
                    GError   **error)
{
  const char *end = strchr (s->p, '\'');

  if (end == NULL)
    return berth_engine_error_invalid (error, _("A single quote (') is not closed"));

  g_string_append_len (s->word, s->p, end - s->p);
  s->p = end + 1;
  return TRUE;
}

static gboolean
read_double_quoted (Splitter  *s,
                    GError   **error)
{
  for (;;)
    {
      char c = *s->p;

      if (c == '\0')
        return berth_engine_error_invalid (error, _("A double quote (\") is not closed"));
      s->p++;
      if (c == '"')
        return TRUE;
      if (c == '`')
        return berth_engine_error_invalid (error, _("“`” runs a command in a shell; Berth does not run a shell. Write the value itself."));
      if (c == '$' && is_expansion (s->p))
        return refuse_expansion (s->p - 1, error);
      if (c == '\\' && strchr ("\"\\$`\n", *s->p) != NULL && *s->p != '\0')
        {
          c = *s->p++;
          if (c == '\n')
            continue;
        }
      g_string_append_c (s->word, c);
    }
}

static gboolean
read_unquoted (Splitter  *s,
               char       c,
               GError   **error)
{
  if (strchr ("|&;<>()", c) != NULL)
    return berth_engine_error_invalid (error, _("“%c” is shell syntax; paste a single command without it"), c);
  if (c == '`')
    return berth_engine_error_invalid (error, _("“`” runs a command in a shell; Berth does not run a shell. Write the value itself."));
  if (c == '$' && is_expansion (s->p))
    return refuse_expansion (s->p - 1, error);

  if (c == '\\')
    {
      if (*s->p == '\0')
        return berth_engine_error_invalid (error, _("The line ends with a backslash (\\)"));
      c = *s->p++;
      if (c == '\n')   /* a line continuation joins lines */
        return TRUE;
    }

  g_string_append_c (s->word, c);
  s->in_word = TRUE;
  return TRUE;
}

/**
 * berth_shell_split:
 * @line: a command line as a POSIX shell would read it
 * @argv: (out) (transfer full): the words
 * @error: return location for an error
 *
 * Splits @line into words the way a POSIX shell would, honouring single and
 * double quotes, backslashes, line continuations and comments. Anything that
 * would make a shell do more than split (pipes, redirections, variables,
 * command substitution) is an error that says so: Berth never runs a shell.
 *
 * Returns: %TRUE on success
 */
gboolean
berth_shell_split (const char   *line,
                   char       ***argv,
                   GError      **error)
{
  g_autoptr (GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) word = g_string_new (NULL);
  Splitter s = { line, word, FALSE, words };

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (argv != NULL, FALSE);

  while (*s.p != '\0')
    {
      char c = *s.p++;

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        end_word (&s);
      else if (c == '#' && !s.in_word)
        {
          while (*s.p != '\0' && *s.p != '\n')
            s.p++;
        }
      else if (c == '\'')
        {
          s.in_word = TRUE;
          if (!read_single_quoted (&s, error))
            return FALSE;
        }
      else if (c == '"')
        {
          s.in_word = TRUE;
          if (!read_double_quoted (&s, error))
            return FALSE;
        }
      else if (!read_unquoted (&s, c, error))
        return FALSE;
    }
  end_word (&s);

  g_ptr_array_add (words, NULL);
  *argv = (char **) g_ptr_array_free (g_steal_pointer (&words), FALSE);
  return TRUE;
}
