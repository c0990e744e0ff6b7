/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sanhe-server-app.h"

int
main (int    argc,
      char **argv)
{
  return sanhe_server_app_run (argc, argv);
}
