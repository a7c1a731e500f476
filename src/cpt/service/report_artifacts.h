// Renders an order's downloads with report/: per vehicle JSON (signed), HTML, PDF (signed), CSV
// and an invoices ZIP, plus the whole order's invoices ZIP.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "cpt/report/signing.h"
#include "cpt/service/orders.h"

namespace cpt::service {

// Content types of the downloads, by format ("json", "html", "pdf", "csv", "invoices.zip").
std::string_view content_type_of(std::string_view format);

// The default ArtifactRenderer, signing JSON and PDF with `key` (null: unsigned); PDFs link to
// the verify page under `verify_base()` (called per order: the service's public URL).
ArtifactRenderer report_artifact_renderer(std::shared_ptr<const report::SigningKey> key,
                                          std::function<std::string()> verify_base = {});

}  // namespace cpt::service
