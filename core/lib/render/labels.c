/*
 * labels.c - what every writer of the certificate document (draw.c, html.c) shares: the labels in
 * English and Simplified Chinese, the numbers as a person reads them, and the QR code's modules
 * (libqrencode).
 */
#include "config.h"

#include <math.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcf/certificate.h>

#include "base/error_impl.h"
#include "render/certdoc.h"

/* ---- labels ---- */

static const struct {
	const char *key, *en, *zh;
} labels[] = {
	{ "title", "Product Carbon Footprint Certificate", "产品碳足迹证书" },
	{ "certifies", "This certifies that the carbon footprint of the product", "兹证明以下产品的碳足迹" },
	{ "is", "is", "为" },
	{ "per", "per declared unit of", "每声明单位" },
	{ "split", "Footprint split", "碳足迹构成" },
	{ "fossil", "Fossil GHG emissions", "化石温室气体排放" },
	{ "biogenic-emissions", "Biogenic emissions", "生物源排放" },
	{ "biogenic-removals", "Biogenic removals", "生物源清除" },
	{ "dluc", "Direct land-use change (dLUC)", "直接土地利用变化 (dLUC)" },
	{ "aircraft", "Aircraft transport", "航空运输" },
	{ "uncertainty", "Uncertainty", "不确定性" },
	{ "gwp", "GWP set", "全球变暖潜势 (GWP)" },
	{ "primary", "Primary data share", "初级数据占比" },
	{ "scope", "Scope and method", "范围与方法" },
	{ "boundary", "System boundary", "系统边界" },
	{ "methodology", "Methodology", "方法学" },
	{ "standard", "Standard", "标准" },
	{ "allocation", "Allocation", "分配方法" },
	{ "validity", "Validity", "有效期" },
	{ "valid-from", "Valid from", "生效日期" },
	{ "valid-until", "Valid until", "失效日期" },
	{ "issued-at", "Issued", "签发时间" },
	{ "supersedes", "Supersedes", "取代证书" },
	{ "chart-stages", "Contribution by life-cycle stage", "各生命周期阶段的贡献" },
	{ "chart-processes", "Contribution by process", "各过程的贡献" },
	{ "body", "Certification body", "认证机构" },
	{ "signed-by", "Signed by", "签署者" },
	{ "certified-by", "Signer certified by", "签署证书颁发者" },
	{ "cert-id", "Certificate ID", "证书编号" },
	{ "sha256", "Bundle SHA-256", "证书包 SHA-256" },
	{ "verify-at", "Verify at", "验证网址" },
	{ "scan", "Scan to verify", "扫码验证" },
	{ "verified", "Signature verified when this document was made", "生成本文件时签名已验证" },
	{ "not-verified", "NOT VERIFIED", "未验证" },
	{ "status", "Status", "状态" },
	{ "status-good", "In force: not suspended or withdrawn (the body's signed status list)",
	  "有效：未暂停、未撤销（认证机构签署的状态列表）" },
	{ "status-suspended", "SUSPENDED by the certification body", "已被认证机构暂停" },
	{ "status-withdrawn", "WITHDRAWN by the certification body", "已被认证机构撤销" },
	{ "status-note-suspended", "SUSPENDED: the certification body has suspended this certificate; do not rely on it "
	                           "while it is suspended", "已暂停：认证机构已暂停本证书，暂停期间不可作为依据" },
	{ "status-note-withdrawn", "WITHDRAWN: the certification body has withdrawn this certificate for good; it is no "
	                           "longer valid", "已撤销：认证机构已永久撤销本证书，本证书不再有效" },
	{ "status-mark-suspended", "SUSPENDED", "已暂停" },
	{ "status-mark-withdrawn", "WITHDRAWN", "已撤销" },
	{ "not-verified-note", "NOT VERIFIED: made without checking the signature; do not rely on it",
	  "未验证：生成时未检查签名，不可作为依据" },
	{ "footer", "This document shows the signed certificate bundle named by the QR code. Only the bundle "
	            "is authoritative: check it with  pcf verify BUNDLE --qr TEXT",
	  "本文件展示二维码所指的已签名证书包。仅证书包具有效力：请用  pcf verify BUNDLE --qr TEXT  验证" },
	{ "other", "other", "其他" },
	{ "none", "not stated", "未说明" },
	{ "raw-material-acquisition", "Raw material acquisition", "原材料获取" },
	{ "production", "Production", "生产" },
	{ "distribution", "Distribution", "分销" },
	{ "use", "Use", "使用" },
	{ "end-of-life", "End of life", "生命周期末端" },
	{ "cradle-to-gate", "cradle to gate", "从摇篮到大门" },
	{ "cradle-to-grave", "cradle to grave", "从摇篮到坟墓" },
	{ "gate-to-gate", "gate to gate", "从大门到大门" },
	{ "lang", "en", "zh-Hans" },
};

const char *pcfi_cert_label(const pcfi_certdoc *d, const char *key)
{
	size_t i;

	for (i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(labels[i].key, key))
			return d->lang == PCF_CERTIFICATE_ZH ? labels[i].zh : labels[i].en;
	return NULL;
}

void pcfi_cert_num(char *buf, size_t len, double v)
{
	double a = fabs(v);

	if (v == 0 || !isfinite(v))
		snprintf(buf, len, "%s", v == 0 ? "0" : "?");
	else if (a >= 1e15)
		snprintf(buf, len, "%.4g", v);
	else if (a >= 1000)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.4g", v);
}

pcf_status pcfi_cert_qr(const char *text, int *width, unsigned char **mods, pcf_error *err)
{
	QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	int i;

	if (!q)
		return pcfi_error(err, PCF_E_INTERNAL, "cannot encode the QR code (%zu bytes of text)", strlen(text));
	*width = q->width;
	*mods = malloc((size_t)q->width * (size_t)q->width);
	if (!*mods) {
		QRcode_free(q);
		return pcfi_error(err, PCF_E_NOMEM, "out of memory");
	}
	for (i = 0; i < q->width * q->width; i++)
		(*mods)[i] = q->data[i] & 1;
	QRcode_free(q);
	return PCF_OK;
}

const char *pcfi_cert_status_key(const pcfi_certdoc *d, int which)
{
	static const char *const keys[][3] = {
		[PCFI_CERT_STATUS_GOOD] = { "status-good", NULL, NULL },
		[PCFI_CERT_STATUS_SUSPENDED] = { "status-suspended", "status-note-suspended", "status-mark-suspended" },
		[PCFI_CERT_STATUS_WITHDRAWN] = { "status-withdrawn", "status-note-withdrawn", "status-mark-withdrawn" },
	};
	if (d->status <= PCFI_CERT_STATUS_NONE || d->status > PCFI_CERT_STATUS_WITHDRAWN || which < 0 || which > 2)
		return NULL;
	return keys[d->status][which];
}
