// srtp.h shim: lets the mediasoup 3.32.x worker (written against versatica's libsrtp
// "3.0.0-beta" fork) compile against Debian's libsrtp2 2.5 (libsrtp2-dev).
// The worker does `#include <srtp.h>`; this file sits first on its include path.
// Only what the worker actually uses is mapped. Used by ../mediasoup-worker.mjs.
//
// Two parts of the fork's API differ from libsrtp2:
// - policies are opaque objects built with srtp_policy_create() and setters, where
//   libsrtp2 has a plain struct (also named srtp_policy_t) the caller fills in;
// - protect/unprotect are out-of-place with size_t lengths, where libsrtp2 works in
//   place on an int length.
#ifndef YUNZHAN_MEDIASOUP_SRTP_SHIM_H
#define YUNZHAN_MEDIASOUP_SRTP_SHIM_H

// libsrtp2's struct takes another name so that srtp_policy_t can be the fork's opaque
// handle below. Only the C++ spelling changes: libsrtp2's functions are extern "C", so
// their link names do not depend on their parameter types.
#define srtp_policy_t yunzhan_libsrtp2_policy_t
#include <srtp2/srtp.h>
#undef srtp_policy_t

#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>

// Error codes the fork added; the worker only puts them in its error-string table.
static constexpr srtp_err_status_t srtp_err_status_buffer_small = static_cast<srtp_err_status_t>(28);
static constexpr srtp_err_status_t srtp_err_status_cryptex_err  = static_cast<srtp_err_status_t>(29);

// The fork renamed srtp_remove_stream(); same argument (SSRC in network order).
inline srtp_err_status_t srtp_stream_remove(srtp_t session, uint32_t ssrc)
{
	return srtp_remove_stream(session, ssrc);
}

// ---------------------------------------------------------------------------------------
// Policies: the fork's handle owns a libsrtp2 policy struct and the key+salt buffer it
// points to (libsrtp2 wants the master key and salt concatenated in one buffer).

struct yunzhan_srtp_policy
{
	yunzhan_libsrtp2_policy_t policy{};
	// Longest master key + salt of the profiles libsrtp2 knows: AES-256 key (32) + 14.
	uint8_t keyAndSalt[64]{};
	bool hasKey{ false };
};

typedef yunzhan_srtp_policy* srtp_policy_t;

inline srtp_err_status_t srtp_policy_create(srtp_policy_t* policy)
{
	if (policy == nullptr)
		return srtp_err_status_bad_param;

	*policy = new (std::nothrow) yunzhan_srtp_policy();

	return *policy != nullptr ? srtp_err_status_ok : srtp_err_status_alloc_fail;
}

inline void srtp_policy_destroy(srtp_policy_t policy)
{
	delete policy;
}

inline srtp_err_status_t srtp_policy_set_ssrc(srtp_policy_t policy, srtp_ssrc_t ssrc)
{
	if (policy == nullptr)
		return srtp_err_status_bad_param;

	policy->policy.ssrc = ssrc;

	return srtp_err_status_ok;
}

// Same crypto policies the fork derives from a profile; for AES_CM_128_HMAC_SHA1_32
// libsrtp2 keeps the 80-bit tag for RTCP, as RFC 5764 requires.
inline srtp_err_status_t srtp_policy_set_profile(srtp_policy_t policy, srtp_profile_t profile)
{
	if (policy == nullptr)
		return srtp_err_status_bad_param;

	srtp_err_status_t err = srtp_crypto_policy_set_from_profile_for_rtp(&policy->policy.rtp, profile);

	if (err != srtp_err_status_ok)
		return err;

	return srtp_crypto_policy_set_from_profile_for_rtcp(&policy->policy.rtcp, profile);
}

// MKI is not used by mediasoup's sessions; a key with an MKI is refused rather than
// silently treated as one without.
inline srtp_err_status_t srtp_policy_add_key(
  srtp_policy_t policy,
  const uint8_t* key,
  size_t keyLen,
  const uint8_t* salt,
  size_t saltLen,
  const uint8_t* mki,
  size_t mkiLen)
{
	if (policy == nullptr || key == nullptr || salt == nullptr || policy->hasKey)
		return srtp_err_status_bad_param;

	if (mki != nullptr || mkiLen != 0)
		return srtp_err_status_bad_param;

	if (keyLen + saltLen > sizeof(policy->keyAndSalt))
		return srtp_err_status_bad_param;

	std::memcpy(policy->keyAndSalt, key, keyLen);
	std::memcpy(policy->keyAndSalt + keyLen, salt, saltLen);
	policy->hasKey = true;

	return srtp_err_status_ok;
}

inline srtp_err_status_t srtp_policy_set_allow_repeat_tx(srtp_policy_t policy, bool allow)
{
	if (policy == nullptr)
		return srtp_err_status_bad_param;

	policy->policy.allow_repeat_tx = allow ? 1 : 0;

	return srtp_err_status_ok;
}

inline srtp_err_status_t srtp_policy_set_window_size(srtp_policy_t policy, size_t windowSize)
{
	if (policy == nullptr)
		return srtp_err_status_bad_param;

	policy->policy.window_size = static_cast<unsigned long>(windowSize);

	return srtp_err_status_ok;
}

// C++ overload next to libsrtp2's C srtp_create(srtp_t*, const libsrtp2 policy*).
inline srtp_err_status_t srtp_create(srtp_t* session, srtp_policy_t policy)
{
	if (policy == nullptr || !policy->hasKey)
		return srtp_err_status_bad_param;

	policy->policy.key  = policy->keyAndSalt;
	policy->policy.next = nullptr;

	return srtp_create(session, &policy->policy);
}

// ---------------------------------------------------------------------------------------
// Protect/unprotect.

namespace yunzhan_srtp_shim
{
	// The fork's calls are out-of-place: (in, inLen) -> (out, *outLen), where *outLen
	// carries the output capacity in and the output length out. libsrtp2 works in
	// place on an int length and may append up to `trailer` bytes, so: check the
	// capacity, copy the input into the output buffer, run libsrtp2 there.
	template<typename InPlaceFn>
	inline srtp_err_status_t OutOfPlace(
	  InPlaceFn fn, srtp_t ctx, const uint8_t* in, size_t inLen, uint8_t* out, size_t* outLen, size_t trailer)
	{
		if (inLen > static_cast<size_t>(INT_MAX) - trailer || *outLen < inLen + trailer)
			return srtp_err_status_buffer_small;

		if (out != in)
			std::memmove(out, in, inLen);

		int len = static_cast<int>(inLen);
		const srtp_err_status_t err = fn(ctx, out, &len);

		if (err == srtp_err_status_ok)
			*outLen = static_cast<size_t>(len);

		return err;
	}
} // namespace yunzhan_srtp_shim

// C++ overloads next to libsrtp2's C functions of the same names. MKI is never used
// by mediasoup's sessions (mki_index is always 0), so it is ignored.
inline srtp_err_status_t srtp_protect(
  srtp_t ctx, const uint8_t* rtp, size_t rtpLen, uint8_t* srtp, size_t* srtpLen, size_t /*mkiIndex*/)
{
	return yunzhan_srtp_shim::OutOfPlace(
	  [](srtp_t c, void* p, int* l) { return srtp_protect(c, p, l); },
	  ctx, rtp, rtpLen, srtp, srtpLen, SRTP_MAX_TRAILER_LEN);
}

inline srtp_err_status_t srtp_unprotect(
  srtp_t ctx, const uint8_t* srtp, size_t srtpLen, uint8_t* rtp, size_t* rtpLen)
{
	return yunzhan_srtp_shim::OutOfPlace(
	  [](srtp_t c, void* p, int* l) { return srtp_unprotect(c, p, l); },
	  ctx, srtp, srtpLen, rtp, rtpLen, 0);
}

// SRTCP appends the 4-byte E-flag/index word on top of the SRTP trailer.
inline srtp_err_status_t srtp_protect_rtcp(
  srtp_t ctx, const uint8_t* rtcp, size_t rtcpLen, uint8_t* srtcp, size_t* srtcpLen, size_t /*mkiIndex*/)
{
	return yunzhan_srtp_shim::OutOfPlace(
	  [](srtp_t c, void* p, int* l) { return srtp_protect_rtcp(c, p, l); },
	  ctx, rtcp, rtcpLen, srtcp, srtcpLen, SRTP_MAX_TRAILER_LEN + 4);
}

inline srtp_err_status_t srtp_unprotect_rtcp(
  srtp_t ctx, const uint8_t* srtcp, size_t srtcpLen, uint8_t* rtcp, size_t* rtcpLen)
{
	return yunzhan_srtp_shim::OutOfPlace(
	  [](srtp_t c, void* p, int* l) { return srtp_unprotect_rtcp(c, p, l); },
	  ctx, srtcp, srtcpLen, rtcp, rtcpLen, 0);
}

#endif
