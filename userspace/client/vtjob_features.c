// SPDX-License-Identifier: GPL-2.0
#include "client/vtjob_features.h"

#include <linux/vtjob.h>

const struct vtjob_feature vtjob_features[] = {
	{ VTJOB_FEAT_VMX,		"VMX instructions",			NULL },
	{ VTJOB_FEAT_FIRMWARE_ENABLED,	"VMX turned on by the firmware",	NULL },
	{ VTJOB_FEAT_VMCS_WB,		"VMCS in write-back memory",		NULL },
	{ VTJOB_FEAT_TRUE_CTLS,		"True VMX control MSRs",		NULL },
	{ VTJOB_FEAT_SECONDARY_CTLS,	"Secondary execution controls",		NULL },
	{ VTJOB_FEAT_EPT,		"EPT (extended page tables)",		"ept" },
	{ VTJOB_FEAT_EPT_4LEVEL,	"EPT with 4-level page walks",		NULL },
	{ VTJOB_FEAT_EPT_WB,		"EPT tables in write-back memory",	NULL },
	{ VTJOB_FEAT_INVEPT,		"Single-context INVEPT",		NULL },
	{ VTJOB_FEAT_PREEMPTION_TIMER,	"VMX-preemption timer",			"preemption_timer" },
	{ VTJOB_FEAT_EXCEPTION_BITMAP,	"Exception bitmap",			NULL },
	{ VTJOB_FEAT_ACK_INTR_ON_EXIT,	"Acknowledge interrupt on exit",	NULL },
	{ VTJOB_FEAT_LOAD_EFER,		"Load IA32_EFER on entry and exit",	NULL },
	{ VTJOB_FEAT_SAVE_EFER,		"Save IA32_EFER on exit",		NULL },
	{ VTJOB_FEAT_NMI_EXITING,	"Exit on NMI",				NULL },
	{ VTJOB_FEAT_EXTINT_EXITING,	"Exit on external interrupt",		NULL },
	{ VTJOB_FEAT_HOST_64BIT,	"64-bit host after exit",		NULL },
	{ VTJOB_FEAT_GUEST_64BIT,	"64-bit guest",				NULL },
	{ VTJOB_FEAT_PRIV_EXITING,	"Exit on HLT, INVLPG, MWAIT, RDPMC, I/O, MOV DR", NULL },
	{ VTJOB_FEAT_DEBUG_CTLS,	"Load and save debug controls",		NULL },
	{ VTJOB_FEAT_VPID,		"VPID (tagged TLB entries)",		"vpid" },
	{ VTJOB_FEAT_EPT_2M,		"EPT 2 MB pages",			NULL },
	{ VTJOB_FEAT_UNRESTRICTED_GUEST, "Unrestricted guest",			"unrestricted_guest" },
};

const size_t vtjob_nr_features = sizeof(vtjob_features) / sizeof(vtjob_features[0]);
