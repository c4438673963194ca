/*
 * pcf/pcf.h - umbrella header of libpcf, the product carbon footprint certification library.
 * Include this, or only the module headers you need. Plugin authors include <pcf/plugin.h> alone.
 */
#ifndef PCF_PCF_H
#define PCF_PCF_H

#include <pcf/error.h>
#include <pcf/version.h>
#include <pcf/file.h>
#include <pcf/parse.h>
#include <pcf/units.h>
#include <pcf/gwp.h>
#include <pcf/factors.h>
#include <pcf/inventory.h>
#include <pcf/solve.h>
#include <pcf/methods.h>
#include <pcf/result.h>
#include <pcf/compute.h>
#include <pcf/signer.h>
#include <pcf/reason.h>
#include <pcf/bundle_format.h>
#include <pcf/bundle.h>
#include <pcf/trust.h>
#include <pcf/verify.h>
#include <pcf/bundle_reader.h>
#include <pcf/certificate.h>
#include <pcf/tsa.h>
#include <pcf/registry.h>
#include <pcf/serve.h>
#include <pcf/pull.h>
#include <pcf/status.h>

#endif
