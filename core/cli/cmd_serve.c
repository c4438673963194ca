/*
 * cmd_serve.c - 'pcf serve': the registry's footprints as a PACT 3.0 host system over HTTPS
 * (pcf/serve.h, docs/pact-host.md). Parses options, starts the server, waits for SIGTERM or
 * SIGINT (blocked before the server's threads start, so only this thread takes them), stops.
 */
#include "config.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/serve.h>

#include "cli.h"

#define CMD "serve"
static const char synopsis[] =
	"pcf serve --registry DB --tls-cert F --tls-key F --credentials F [--listen ADDR:PORT] [options]";
static const char usage_text[] =
	"usage: pcf serve --registry DB --tls-cert FILE --tls-key FILE --credentials FILE\n"
	"                 [--listen ADDR:PORT] [--max-connections N] [--token-ttl SECONDS] [--quiet]\n"
	"\n"
	"Serve the PACT 3.0 footprints of the registry's bundles (those issued with --format pact-v3)\n"
	"over HTTPS: POST /auth/token (OAuth2 client credentials, HTTP Basic), GET\n"
	"/.well-known/openid-configuration, GET /3/footprints (filters, limit, Link paging), GET\n"
	"/3/footprints/ID and GET /bundles/CERTIFICATE-ID.pcfb (the signed bundle each footprint names in\n"
	"its data model extension); POST /3/events acknowledges a PublishedEvent (asynchronous requests\n"
	"are answered 501). The registry is read once at start and never written.\n"
	"\n"
	"options:\n"
	"      --registry DB          the registry file (opened read-only)\n"
	"      --tls-cert FILE        the server's certificate (PEM, with its chain)\n"
	"      --tls-key FILE         its private key (PEM; group and others may not read it)\n"
	"      --credentials FILE     'CLIENT-ID SECRET' lines (group and others may not read it)\n"
	"      --listen ADDR:PORT     the IPv4 address and port (default 127.0.0.1:8443; port 0: any free)\n"
	"      --max-connections N    connections at once (default 64)\n"
	"      --token-ttl SECONDS    lifetime of an access token (default 3600)\n"
	"  -q, --quiet                no access log on stderr\n"
	"  -h, --help                 show this help\n"
	"\n"
	"On start it prints 'listening on https://ADDR:PORT (N footprints, M skipped)' on stdout, then an\n"
	"access log line per request on stderr (method, path, status, bytes; never a query, secret or token).\n"
	"Exit status: 0 stopped by SIGTERM or SIGINT; 1 a malformed or unprotected credentials file;\n"
	"2 usage; 5 a file cannot be read or the address cannot be bound.\n";

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void log_line(void *ctx, const char *line)
{
	(void)ctx;
	pthread_mutex_lock(&log_lock);
	fprintf(stderr, "pcf serve: %s\n", line);
	fflush(stderr);
	pthread_mutex_unlock(&log_lock);
}

static int parse_num(const char *s, unsigned long min, unsigned long max, unsigned *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s == '-')
		return -1;
	v = strtoul(s, &end, 10);
	if (*end || v < min || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "registry", required_argument, NULL, 'r' },   { "tls-cert", required_argument, NULL, 'c' },
		{ "tls-key", required_argument, NULL, 'k' },    { "credentials", required_argument, NULL, 'C' },
		{ "listen", required_argument, NULL, 'l' },     { "max-connections", required_argument, NULL, 'm' },
		{ "token-ttl", required_argument, NULL, 't' },  { "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },             { NULL, 0, NULL, 0 }
	};
	pcf_serve_config cfg;
	pcf_server *srv = NULL;
	pcf_error err;
	char host[64] = "127.0.0.1", *colon;
	const char *listen = NULL;
	sigset_t set;
	int c, sig = 0, quiet = 0;

	memset(&cfg, 0, sizeof cfg);
	cfg.port = 8443;
	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (c) {
		case 'r': cfg.registry = optarg; break;
		case 'c': cfg.tls_cert = optarg; break;
		case 'k': cfg.tls_key = optarg; break;
		case 'C': cfg.credentials = optarg; break;
		case 'l': listen = optarg; break;
		case 'm':
			if (parse_num(optarg, 1, 10000, &cfg.max_connections))
				return cli_usage_error(CMD, synopsis, "--max-connections takes 1 to 10000, not '%s'", optarg);
			break;
		case 't':
			if (parse_num(optarg, 1, 86400, &cfg.token_ttl))
				return cli_usage_error(CMD, synopsis, "--token-ttl takes 1 to 86400 seconds, not '%s'", optarg);
			break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage_text, stdout); return PCF_EXIT_OK;
		default: return cli_usage_error(CMD, synopsis, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(CMD, synopsis, "unexpected argument '%s'", argv[optind]);
	if (!cfg.registry || !cfg.tls_cert || !cfg.tls_key || !cfg.credentials)
		return cli_usage_error(CMD, synopsis, "--registry, --tls-cert, --tls-key and --credentials are required");
	if (listen) {
		colon = strrchr(listen, ':');
		if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host ||
		    parse_num(colon + 1, 0, 65535, &cfg.port))
			return cli_usage_error(CMD, synopsis, "--listen takes ADDR:PORT (e.g. 127.0.0.1:8443), not '%s'", listen);
		memcpy(host, listen, (size_t)(colon - listen));
		host[colon - listen] = 0;
	}
	cfg.host = host;
	if (!quiet)
		cfg.log = log_line;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (pcf_serve_start(&cfg, &srv, &err) != PCF_OK) {
		cli_print_error(CMD, &err);
		return err.status == PCF_E_ARG ? PCF_EXIT_USAGE : cli_exit_for(err.status);
	}
	printf("listening on https://%s:%u (%zu footprints, %zu skipped)\n", host, pcf_serve_port(srv),
	       pcf_serve_footprints(srv), pcf_serve_skipped(srv));
	fflush(stdout);
	while (sigwait(&set, &sig) != 0)
		;
	pcf_serve_stop(srv);
	if (!quiet)
		log_line(NULL, sig == SIGTERM ? "stopped (SIGTERM)" : "stopped (SIGINT)");
	return PCF_EXIT_OK;
}
