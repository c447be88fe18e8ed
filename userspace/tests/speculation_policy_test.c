// SPDX-License-Identifier: GPL-2.0
/*
 * The module's mitigation decision (kmod/vmx/speculation_policy.c), fed
 * the combinations of bugs and kernel mitigations that real CPUs have and
 * no emulator shows: which guard each vulnerability gets, and when
 * reservation is refused. The file is plain C and is compiled in here.
 */
#include <errno.h>
#include <string.h>

#include "harness.h"

#include "kmod/vmx/speculation_policy.c"

/* A Skylake-era host with current microcode and the kernel's defaults. */
static struct vtj_spec_facts skylake(void)
{
	return (struct vtj_spec_facts){
		.bugs = VTJOB_VULN_L1TF | VTJOB_VULN_MDS | VTJOB_VULN_TAA |
			VTJOB_VULN_MMIO | VTJOB_VULN_SPECTRE_V2 | VTJOB_VULN_BHI |
			VTJOB_VULN_VMSCAPE,
		.l1tf_mode = VTJ_L1TF_FLUSH,
		.l1d_flush_cmd = true,
		.clear_cpu_buf = true,
		.verw_clears = true,
		.tsx = true,
		.spectre_v2_kernel = true,
		.kernel_ibrs = true,
		.rsb_vmexit = true,
		.bhb_clear_vmexit = true,
		.ibpb = true,
		.ibpb_exit_to_user = true,
	};
}

TEST(a_mitigated_host_gets_every_guard_and_no_refusal)
{
	struct vtj_spec_facts facts = skylake();
	struct vtj_spec_plan plan;

	vtj_spec_decide(&facts, &plan);
	EXPECT_EQ(VTJOB_GUARD_L1D_FLUSH | VTJOB_GUARD_VERW | VTJOB_GUARD_RSB_FILL |
		  VTJOB_GUARD_IBRS | VTJOB_GUARD_BHB_CLEAR | VTJOB_GUARD_IBPB_SWITCH |
		  VTJOB_GUARD_IBPB_TO_USER, plan.guards);
	EXPECT_EQ(0, plan.exposed);
	EXPECT_EQ(NULL, vtj_spec_refusal(&plan, 0));
}

TEST(an_unaffected_cpu_needs_nothing)
{
	struct vtj_spec_facts facts = { .l1tf_mode = VTJ_L1TF_FLUSH };
	struct vtj_spec_plan plan;

	vtj_spec_decide(&facts, &plan);
	EXPECT_EQ(0, plan.guards);
	EXPECT_EQ(0, plan.exposed);
}

TEST(l1tf_flush_follows_the_kernels_mode)
{
	struct vtj_spec_facts facts = skylake();
	struct vtj_spec_plan plan;

	facts.l1tf_mode = VTJ_L1TF_FULL;
	vtj_spec_decide(&facts, &plan);
	EXPECT_TRUE(plan.guards & VTJOB_GUARD_L1D_ALWAYS);

	facts.l1tf_mode = VTJ_L1TF_FLUSH;
	facts.l1d_flush_cmd = false;
	vtj_spec_decide(&facts, &plan);
	EXPECT_TRUE(plan.guards & VTJOB_GUARD_L1D_SOFTWARE);
	EXPECT_FALSE(plan.guards & VTJOB_GUARD_L1D_ALWAYS);

	/* A CPU that says no flush is needed on entry gets none. */
	facts.l1d_flush_skip = true;
	vtj_spec_decide(&facts, &plan);
	EXPECT_FALSE(plan.guards & (VTJOB_GUARD_L1D_FLUSH | VTJOB_GUARD_L1D_SOFTWARE));

	facts.l1d_flush_skip = false;
	facts.l1tf_mode = VTJ_L1TF_OFF;
	vtj_spec_decide(&facts, &plan);
	EXPECT_FALSE(plan.guards & VTJOB_GUARD_L1D_FLUSH);
	EXPECT_EQ(VTJOB_VULN_L1TF, plan.exposed);
	EXPECT_STREQ("l1tf: the kernel's L1TF mitigation is off (l1tf=off); "
		     "allow_unmitigated=l1tf reserves CPUs anyway", vtj_spec_refusal(&plan, 0));
}

/* As Bochs's Haswell: VERW is attempted, but nothing makes it clear. */
TEST(verw_without_microcode_is_exposed)
{
	struct vtj_spec_facts facts = skylake();
	struct vtj_spec_plan plan;

	facts.verw_clears = false;
	vtj_spec_decide(&facts, &plan);
	EXPECT_TRUE(plan.guards & VTJOB_GUARD_VERW);
	EXPECT_EQ(VTJOB_VULN_MDS | VTJOB_VULN_TAA, plan.exposed);
	EXPECT_STREQ("mds: the CPU lacks the microcode that makes VERW clear its buffers; "
		     "allow_unmitigated=mds reserves CPUs anyway", vtj_spec_refusal(&plan, 0));
	EXPECT_NE(NULL, strstr(vtj_spec_refusal(&plan, VTJOB_VULN_MDS), "tsx_async_abort: "));
	EXPECT_EQ(NULL, vtj_spec_refusal(&plan, VTJOB_VULN_MDS | VTJOB_VULN_TAA));
}

TEST(taa_needs_tsx_and_mmio_needs_devices)
{
	struct vtj_spec_facts facts = skylake();
	struct vtj_spec_plan plan;

	facts.bugs = VTJOB_VULN_TAA | VTJOB_VULN_MMIO;
	facts.tsx = false;
	facts.clear_cpu_buf = false;
	vtj_spec_decide(&facts, &plan);
	EXPECT_EQ(0, plan.exposed);
	EXPECT_FALSE(plan.guards & VTJOB_GUARD_VERW);

	facts.tsx = true;
	vtj_spec_decide(&facts, &plan);
	EXPECT_EQ(VTJOB_VULN_TAA, plan.exposed);
}

TEST(mds_off_in_the_kernel_is_exposed)
{
	struct vtj_spec_facts facts = skylake();
	struct vtj_spec_plan plan;

	facts.clear_cpu_buf = false;
	facts.tsx = false;
	vtj_spec_decide(&facts, &plan);
	EXPECT_FALSE(plan.guards & VTJOB_GUARD_VERW);
	EXPECT_EQ(VTJOB_VULN_MDS, plan.exposed);
}

TEST(rfds_needs_its_own_microcode)
{
	struct vtj_spec_facts facts = { .bugs = VTJOB_VULN_RFDS, .clear_cpu_buf = true,
					.verw_clears = true };
	struct vtj_spec_plan plan;

	vtj_spec_decide(&facts, &plan);
	EXPECT_EQ(VTJOB_VULN_RFDS, plan.exposed);
	facts.verw_clears_rfds = true;
	vtj_spec_decide(&facts, &plan);
	EXPECT_EQ(0, plan.exposed);
	EXPECT_EQ(VTJOB_GUARD_VERW, plan.guards);
}

TEST(bhi_is_covered_by_the_loop_the_hardware_or_retpolines)
{
	struct vtj_spec_facts facts = skylake();
	struct vtj_spec_plan plan;

	facts.bhb_clear_vmexit = false;
	vtj_spec_decide(&facts, &plan);
	EXPECT_EQ(VTJOB_VULN_BHI, plan.exposed);

	facts.bhi_dis_s = true;
	vtj_spec_decide(&facts, &plan);
	EXPECT_EQ(0, plan.exposed);
	EXPECT_FALSE(plan.guards & VTJOB_GUARD_BHB_CLEAR);

	facts.bhi_dis_s = false;
	facts.retpoline = true;
	vtj_spec_decide(&facts, &plan);
	EXPECT_EQ(0, plan.exposed);
}

TEST(spectre_v2_and_vmscape_follow_the_kernel)
{
	struct vtj_spec_facts facts = skylake();
	struct vtj_spec_plan plan;

	facts.spectre_v2_kernel = false;
	facts.kernel_ibrs = false;
	facts.ibpb_exit_to_user = false;
	vtj_spec_decide(&facts, &plan);
	EXPECT_FALSE(plan.guards & (VTJOB_GUARD_IBRS | VTJOB_GUARD_IBPB_TO_USER));
	EXPECT_EQ(VTJOB_VULN_SPECTRE_V2 | VTJOB_VULN_VMSCAPE, plan.exposed);
	/* The first open one is named; allowing it names the next. */
	EXPECT_NE(NULL, strstr(vtj_spec_refusal(&plan, 0), "spectre_v2: "));
	EXPECT_NE(NULL, strstr(vtj_spec_refusal(&plan, VTJOB_VULN_SPECTRE_V2), "vmscape: "));
}

TEST(every_refusal_names_its_vulnerability_and_the_parameter)
{
	struct vtj_spec_facts facts = {
		.bugs = (1U << VTJOB_NR_VULNS) - 1,
		.tsx = true,
		.l1tf_mode = VTJ_L1TF_OFF,
	};
	struct vtj_spec_plan plan;
	unsigned int bit;
	char hint[64];

	vtj_spec_decide(&facts, &plan);
	/* All but MMIO, which a job cannot reach without devices. */
	EXPECT_EQ(((1U << VTJOB_NR_VULNS) - 1) & ~VTJOB_VULN_MMIO, plan.exposed);
	for (bit = 1; bit < 1U << VTJOB_NR_VULNS; bit <<= 1) {
		if (!(plan.exposed & bit))
			continue;
		snprintf(hint, sizeof(hint), "allow_unmitigated=%s ", vtj_spec_vuln_name(bit));
		EXPECT_EQ(0, strncmp(plan.why[vtj_bit_index(bit)], vtj_spec_vuln_name(bit),
				     strlen(vtj_spec_vuln_name(bit))));
		EXPECT_NE(NULL, strstr(plan.why[vtj_bit_index(bit)], hint));
		/* Fits the client's message with its "cannot reserve CPU N: ". */
		EXPECT_GT(192, strlen(plan.why[vtj_bit_index(bit)]));
	}
}

TEST(the_parameter_takes_names_lists_and_none)
{
	unsigned int vulns = 99;

	EXPECT_EQ(0, vtj_spec_parse_vulns("mds,vmscape\n", &vulns));
	EXPECT_EQ(VTJOB_VULN_MDS | VTJOB_VULN_VMSCAPE, vulns);
	EXPECT_EQ(0, vtj_spec_parse_vulns("", &vulns));
	EXPECT_EQ(0, vulns);
	EXPECT_EQ(0, vtj_spec_parse_vulns("none", &vulns));
	EXPECT_EQ(0, vulns);
	EXPECT_EQ(0, vtj_spec_parse_vulns("reg_file_data_sampling", &vulns));
	EXPECT_EQ(VTJOB_VULN_RFDS, vulns);
	vulns = 7;
	EXPECT_EQ(-EINVAL, vtj_spec_parse_vulns("mds,md", &vulns));
	EXPECT_EQ(-EINVAL, vtj_spec_parse_vulns("l1tf,,mds", &vulns));
	EXPECT_EQ(7, vulns);
	EXPECT_EQ(NULL, vtj_spec_vuln_name(3));
	EXPECT_STREQ("bhi", vtj_spec_vuln_name(VTJOB_VULN_BHI));
}

TEST_HARNESS_MAIN
