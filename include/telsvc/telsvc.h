/**
 * @file telsvc/telsvc.h
 * @brief Umbrella header: include this to use the whole library.
 *
 * telsvc enforces a telecom operator's Service Process and Quality
 * Monitoring Handbook: state machines, classification rules, time limits
 * and a tamper-evident audit log, with host-owned storage.
 */
#ifndef TELSVC_TELSVC_H
#define TELSVC_TELSVC_H

#include "common.h"
#include "version.h"
#include "errors.h"
#include "sys/hooks.h"
#include "context.h"
#include "buf.h"
#include "policy.h"
#include "calendar.h"
#include "sla.h"
#include "sys/storage.h"
#include "memstore.h"
#include "store.h"
#include "request.h"
#include "complaint.h"
#include "incident.h"
#include "export.h"
#include "monitor.h"
#include "indicators.h"
#include "report.h"
#include "audit.h"

#endif
