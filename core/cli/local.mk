# core/cli/local.mk - the pcf command, a thin layer over libpcf (one file per subcommand).
bin_PROGRAMS += core/cli/pcf
core_cli_pcf_SOURCES = core/cli/main.c core/cli/cli.h \
	core/cli/cmd_compute.c core/cli/cmd_validate.c core/cli/cmd_issue.c core/cli/cmd_verify.c \
	core/cli/cmd_inspect.c core/cli/cmd_extract.c core/cli/cmd_methods.c core/cli/cmd_factors.c \
	core/cli/cmd_registry.c core/cli/cmd_status.c core/cli/cmd_redact.c \
	core/cli/trust_opts.c core/cli/trust_opts.h core/cli/cmd_certificate.c \
	core/cli/supplier_opts.c core/cli/supplier_opts.h \
	core/cli/cmd_import.c core/cli/cmd_mc.c core/cli/out_opts.c core/cli/out_opts.h core/cli/cmd_serve.c core/cli/cmd_pact.c
core_cli_pcf_LDADD = core/lib/libpcf.la
