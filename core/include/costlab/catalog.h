// costlab catalog: accelerators and models as data, each number with its source.
// Start at Catalog::builtin() (the JSON files in core/data/, compiled in) and merge_json()
// for a user's catalog. The cost model (model.h) only reads these structs.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace costlab {

// Numeric formats a workload can run in. Order is the URL/JSON order; do not reorder
// (append). fp32_default is fp32 weights run with PyTorch's defaults on Ampere and later:
// convolutions on TF32 tensor cores (torch.backends.cudnn.allow_tf32 = True), plain matmuls
// in strict fp32 (torch.backends.cuda.matmul.allow_tf32 = False since PyTorch 1.12).
enum class Precision { fp32, tf32, bf16, fp16, fp8, int8, int4, fp4, fp32_default };
constexpr int kPrecisionCount = 9;

const char* to_string(Precision p);
std::optional<Precision> parse_precision(const std::string& s);
// Bytes one weight takes in this format (fp32 4 ... int4/fp4 0.5).
double bytes_per_param(Precision p);

// Where a number comes from. Every catalog number carries one.
struct Citation {
    std::string unit;   // unit of the value as written in the catalog ("TFLOP/s", "GB", ...)
    std::string source; // paper table, datasheet, price page; free text, URL inside if any
    std::string date;   // when the source was published or read, "YYYY-MM" or "YYYY-MM-DD"
};

// One accelerator (a GPU or TPU chip). Values in SI base units; the catalog JSON uses
// TFLOP/s, GB and GB/s, converted at load.
struct Accelerator {
    std::string id, name, vendor;
    // Dense peak per precision (no 2:4 sparsity); 0 = the chip has no such mode.
    std::array<double, kPrecisionCount> peak_flops_per_s{};
    double memory_bytes = 0;
    double memory_bytes_per_s = 0;
    double interconnect_bytes_per_s = 0; // per GPU, one direction (NVLink, Infinity Fabric, ICI)
    double board_power_w = 0;            // TDP / TGP
    double idle_power_w = 0;
    double usd_per_gpu_hour = 0;             // typical cloud on-demand price
    double purchase_usd = 0;                 // per GPU incl. its share of the server; 0 = unknown
    // Measured ceilings below the datasheet (published GEMM and bandwidth tests; 0 = none
    // published: the datasheet figure). The model's utilizations multiply these.
    std::array<double, kPrecisionCount> achievable_flops_per_s{};
    double achievable_bytes_per_s = 0;
    double host_link_bytes_per_s = 0; // host (PCIe) link, one direction; 0 = not published
    // The host link CPU offload streams weights over: the catalog's, or PCIe Gen4 x16 (32 GB/s
    // each way, PCI-SIG), the slowest link of the catalog's data-centre GPUs, where none is given.
    double host_link_or_default_bytes_per_s() const {
        return host_link_bytes_per_s > 0 ? host_link_bytes_per_s : 32e9;
    }
    bool measured = false;                   // true for a profile timed on the visitor's device
    std::map<std::string, Citation> sources; // field name (as in the JSON) -> citation

    // The peak that work stored in precision `p` actually runs at: modes the chip lacks
    // fall back to the next wider one it has (int4 weights computed in bf16, as AWQ does).
    // 0 when no usable mode exists (e.g. fp32 on a chip with only bf16 units).
    double effective_peak_flops_per_s(Precision p) const;
    // The peak convolutions stored in `p` run at: as effective_peak_flops_per_s, except that
    // fp32_default convolutions use TF32 tensor cores where the chip has them.
    double conv_peak_flops_per_s(Precision p) const;
    // Achieved / datasheet dense matmul for work stored in `p` (the mode it runs on; a mode
    // without a published measurement takes the nearest measured one's fraction; 1 if none).
    double ceiling_fraction(Precision p) const;
    double ceiling_flops_per_s(Precision p) const {
        return effective_peak_flops_per_s(p) * ceiling_fraction(p);
    }
    // Achieved memory bandwidth (the datasheet's where none is published).
    double ceiling_bytes_per_s() const {
        return achievable_bytes_per_s > 0 ? achievable_bytes_per_s : memory_bytes_per_s;
    }
};

enum class AttentionKind { gqa, mla };

// A decoder-only language model. Dense models have experts = experts_active = 1.
struct TextModel {
    std::string id, name;
    double params_total = 0;  // all weights (memory)
    double params_active = 0; // weights touched per token (compute); = total for dense
    int layers = 0;
    int d_model = 0;
    int heads = 0;
    int kv_heads = 0;
    int head_dim = 0;
    int ffn_dim = 0;
    int experts = 1;
    int experts_active = 1;
    int vocab = 0;
    int64_t context_max_tokens = 0;
    AttentionKind attention = AttentionKind::gqa;
    int kv_lora_rank = 0;  // MLA only: compressed KV width per layer
    int rope_head_dim = 0; // MLA only: decoupled RoPE key width per layer
    int mtp_modules = 0;   // multi-token-prediction modules shipped with the weights (DeepSeek-V3: 1)
    std::map<std::string, Citation> sources;

    // KV cache per token, all layers, at `bytes_per_value` bytes per element.
    double kv_bytes_per_token(double bytes_per_value) const;
};

enum class ImageFamily { unet, dit, autoregressive };

// An image generator: a diffusion denoiser (UNet or DiT) with its text encoder and VAE
// decoder, or an autoregressive preset that emits the image as tokens of a text model.
struct ImageModel {
    std::string id, name;
    ImageFamily family = ImageFamily::unet;
    // Diffusion
    double denoiser_params = 0;
    double text_encoder_params = 0;
    double vae_decoder_params = 0;
    int reference_width_px = 0, reference_height_px = 0;
    double flops_per_step_at_reference = 0;     // one denoiser forward, batch 1, no CFG
    double attention_fraction_at_reference = 0; // share of that in QK^T and AV (quadratic)
    double text_encoder_flops = 0;              // per prompt
    double vae_decoder_flops_at_reference = 0;
    int default_steps = 0;
    bool cfg = false; // classifier-free guidance runs the denoiser twice per step
    double conv_flops_fraction = 0; // share of a denoiser pass in convolutions (UNets; 0 for DiTs)
    int dit_layers = 0, dit_hidden = 0; // DiT blocks and width (0: unknown; sequence parallel)
    // Autoregressive
    std::string backbone_model;          // TextModel id that stands in for the unpublished backbone
    std::string backbone_smaller_model;  // the plausible range around it: a smaller and a
    std::string backbone_larger_model;   // larger stand-in (empty: no range)
    std::string backbone_basis;          // the published facts the choice rests on, in words
    int64_t image_tokens = 0;            // output tokens per image at the reference resolution
    double decoder_flops = 0;            // tokens -> pixels, per image
    double list_price_usd_per_image = 0; // the vendor's API price, 0 if none
    std::map<std::string, Citation> sources;
};

enum class VideoFamily { dit, preset };

// A text-to-video generator: a video diffusion transformer over spatio-temporal latent tokens
// (its 3D VAE compresses time by vae_temporal and space by vae_spatial, the patchifier groups
// patch_t x patch_hw x patch_hw latents into one token), its text encoder and 3D VAE decoder.
// A "preset" stands for a closed model (Sora-, Veo-class): its published output format with
// an open model that stands in for its unpublished network, and a smaller / larger stand-in.
struct VideoModel {
    std::string id, name;
    VideoFamily family = VideoFamily::dit;
    // DiT denoiser (family dit)
    double params_total = 0;  // all denoiser weights held in memory (MoE: every expert)
    double params_active = 0; // weights one denoiser pass runs (MoE by noise level: one expert)
    int layers = 0, hidden = 0, heads = 0, ffn_dim = 0;
    int patch_t = 1, patch_hw = 2;       // latents per token in time and per side
    int vae_temporal = 4, vae_spatial = 8; // 3D VAE compression in time and per side
    double text_encoder_params = 0;
    int text_tokens = 0; // prompt length the pipeline pads to
    double vae_decoder_params = 0;
    double vae_decoder_flops_per_pixel = 0; // per output pixel of each frame
    // Defaults of the model's pipeline (both families)
    int default_width_px = 0, default_height_px = 0, default_frames = 0, default_fps = 0;
    int default_steps = 0;
    bool cfg = false; // the default pipeline runs conditional + unconditional passes per step
    // Preset
    std::string stand_in_model, stand_in_smaller_model, stand_in_larger_model;
    std::string basis;                      // what is published, in words
    double list_price_usd_per_second = 0;  // the vendor's API price per second of video
    std::map<std::string, Citation> sources;
};

struct CatalogError {
    std::string path;    // e.g. "accelerators[3].memory_gb.value"
    std::string message; // what is wrong and what is allowed
};

class Catalog {
  public:
    // The catalog compiled into the binary from core/data/*.json.
    static const Catalog& builtin();

    // Adds or overrides entries (matched by id) from a JSON document of the same schema as
    // core/data/. All-or-nothing: on any error the catalog is unchanged and the errors name
    // each bad field.
    std::vector<CatalogError> merge_json(const std::string& json_text);

    // Adds or replaces one accelerator (e.g. a measured "your device" profile).
    void put(Accelerator a);

    const Accelerator* accelerator(const std::string& id) const;
    const TextModel* text_model(const std::string& id) const;
    const ImageModel* image_model(const std::string& id) const;
    const VideoModel* video_model(const std::string& id) const;

    const std::vector<Accelerator>& accelerators() const { return accelerators_; }
    const std::vector<TextModel>& text_models() const { return text_models_; }
    const std::vector<ImageModel>& image_models() const { return image_models_; }
    const std::vector<VideoModel>& video_models() const { return video_models_; }

  private:
    // `user`: bare numbers allowed (cited as "user catalog"); the built-in data must cite all.
    std::vector<CatalogError> merge_json_impl(const std::string& json_text, bool user);

    std::vector<Accelerator> accelerators_;
    std::vector<TextModel> text_models_;
    std::vector<ImageModel> image_models_;
    std::vector<VideoModel> video_models_;
};

} // namespace costlab
