// srtp.h shim: lets the mediasoup 3.19.x worker (written against versatica's libsrtp
// "3.0.0-beta" fork) compile against Debian's libsrtp2 2.5 (libsrtp2-dev).
// The worker does `#include <srtp.h>`; this file sits first on its include path.
// Only what the worker actually uses is mapped. Used by ../mediasoup-worker.mjs.
#ifndef YUNZHAN_MEDIASOUP_SRTP_SHIM_H
#define YUNZHAN_MEDIASOUP_SRTP_SHIM_H

#include <srtp2/srtp.h>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>

// Error codes the fork added; the worker only puts them in its error-string table.
static constexpr srtp_err_status_t srtp_err_status_buffer_small = static_cast<srtp_err_status_t>(28);
static constexpr srtp_err_status_t srtp_err_status_cryptex_err  = static_cast<srtp_err_status_t>(29);

// The fork renamed srtp_remove_stream(); same argument (SSRC in network order).
inline srtp_err_status_t srtp_stream_remove(srtp_t session, uint32_t ssrc)
{
	return srtp_remove_stream(session, ssrc);
}

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
