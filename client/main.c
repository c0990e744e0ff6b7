/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sanhe-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SanheApplication) application = NULL;
  int status;

  if (!sanhe_application_setup_i18n ())
    return 1;

  application = sanhe_application_new ();
  status = g_application_run (G_APPLICATION (application), argc, argv);

  return status != 0 ? status : sanhe_application_get_exit_status (application);
}
