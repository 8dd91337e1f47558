// Randomness that is identical on every machine: xoshiro256** seeded through
// splitmix64, integer-only range helpers (std:: distributions are
// implementation-defined), and keyed bijections for unique identifiers.
#pragma once

#include <cstdint>
#include <span>

namespace registry::detail {

constexpr std::uint64_t splitmix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// A well-mixed hash of two words, for deriving independent streams.
constexpr std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    std::uint64_t state = a ^ (b * 0xD6E8FEB86659FD93ull);
    splitmix64(state);
    return splitmix64(state);
}

class Rng {
  public:
    explicit constexpr Rng(std::uint64_t seed) {
        std::uint64_t state = seed;
        for (auto& word : m_s)
            word = splitmix64(state);
    }

    constexpr std::uint64_t next() {
        const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
        const std::uint64_t t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    // Uniform in [0, n), n > 0, without bias (Lemire's multiply-and-reject).
    constexpr std::uint64_t below(std::uint64_t n) {
        __extension__ using U128 = unsigned __int128;
        U128 m = static_cast<U128>(next()) * n;
        auto low = static_cast<std::uint64_t>(m);
        if (low < n) {
            const std::uint64_t threshold = (0 - n) % n;
            while (low < threshold) {
                m = static_cast<U128>(next()) * n;
                low = static_cast<std::uint64_t>(m);
            }
        }
        return static_cast<std::uint64_t>(m >> 64);
    }

    // Uniform in [lo, hi]; lo <= hi.
    constexpr std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
    }

    // True with probability per_mille / 1000.
    constexpr bool chance(std::uint32_t per_mille) { return below(1000) < per_mille; }

    // An index picked with the given integer weights (at least one non-zero).
    constexpr std::size_t weighted(std::span<const std::uint32_t> weights) {
        std::uint64_t total = 0;
        for (auto w : weights)
            total += w;
        std::uint64_t r = below(total);
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (r < weights[i]) return i;
            r -= weights[i];
        }
        return weights.size() - 1;
    }

    // An index into a table of `size` entries.
    constexpr std::size_t index(std::size_t size) { return static_cast<std::size_t>(below(size)); }

  private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t m_s[4]{};
};

// A keyed bijection of [0, modulus): a balanced Feistel network on 2 * half_bits
// bits with cycle walking. Unique identifiers come from a counter through it,
// so no set of issued values is needed.
class Permutation {
  public:
    constexpr Permutation(std::uint64_t modulus, unsigned half_bits, std::uint64_t key)
        : m_modulus(modulus), m_half_bits(half_bits), m_mask((1ull << half_bits) - 1) {
        std::uint64_t state = key;
        for (auto& k : m_keys)
            k = splitmix64(state);
    }

    // x < modulus.
    constexpr std::uint64_t operator()(std::uint64_t x) const {
        do
            x = feistel(x);
        while (x >= m_modulus);
        return x;
    }

  private:
    constexpr std::uint64_t feistel(std::uint64_t x) const {
        std::uint64_t left = x >> m_half_bits;
        std::uint64_t right = x & m_mask;
        for (std::uint64_t k : m_keys) {
            std::uint64_t state = right ^ k;
            const std::uint64_t f = splitmix64(state) & m_mask;
            const std::uint64_t next_right = left ^ f;
            left = right;
            right = next_right;
        }
        return (left << m_half_bits) | right;
    }

    std::uint64_t m_modulus;
    unsigned m_half_bits;
    std::uint64_t m_mask;
    std::uint64_t m_keys[4]{};
};

} // namespace registry::detail
