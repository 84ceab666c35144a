// ankerl/unordered_dense.h stand-in: mediasoup >= 3.26 uses martinus' unordered_dense
// hash containers (a header-only library its meson wrap downloads from GitHub). Debian 12
// does not package it and GitHub is unreachable here, so the three names the worker uses
// map onto the standard library's containers, which offer every member the worker calls
// (find, emplace, try_emplace, erase, contains, reserve, ...). Differences that matter:
// std's node-based containers are slower and use more memory than unordered_dense's
// flat storage, and they keep references stable on insertion where unordered_dense
// does not, so code written for unordered_dense stays correct. Used by
// ../mediasoup-worker.mjs (copied to subprojects/unordered-dense/include/ankerl/).
#ifndef YUNZHAN_MEDIASOUP_UNORDERED_DENSE_SHIM_H
#define YUNZHAN_MEDIASOUP_UNORDERED_DENSE_SHIM_H

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace ankerl::unordered_dense
{
	/** unordered_dense::hash<T>: std::hash<T>, returning a 64-bit value as the original does. */
	template<typename T, typename Enable = void>
	struct hash
	{
		uint64_t operator()(const T& value) const noexcept(noexcept(std::hash<T>{}(value)))
		{
			return static_cast<uint64_t>(std::hash<T>{}(value));
		}
	};

	template<
	  class Key,
	  class T,
	  class Hash      = hash<Key>,
	  class KeyEqual  = std::equal_to<Key>,
	  class Allocator = std::allocator<std::pair<const Key, T>>>
	using map = std::unordered_map<Key, T, Hash, KeyEqual, Allocator>;

	template<class Key, class Hash = hash<Key>, class KeyEqual = std::equal_to<Key>, class Allocator = std::allocator<Key>>
	using set = std::unordered_set<Key, Hash, KeyEqual, Allocator>;
} // namespace ankerl::unordered_dense

#endif
