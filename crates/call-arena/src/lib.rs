//! A global allocator for single-threaded wasm modules whose allocations
//! mostly end when each call returns (heymilo-ingest's browser builds: every
//! export takes text and returns text; the client's async exports also leave
//! the async runtime's small task queue behind).
//!
//! Memory is handed out by bumping a pointer; freeing the most recent block
//! gives it back. With `REGIONS > 1` the arena is a stack of regions: a region is closed once
//! 64 KiB of it are used, the next allocation opens a new one, and when the
//! last live block of the top region is freed the bump pointer returns to
//! its start (and past every empty region below). So memory that outlives a
//! call (a queue made on the first async call) pins only its own region,
//! and everything above it is reused after each call. Compared with dlmalloc
//! this is a few hundred bytes instead of ~7 KB of wasm, and faster; the
//! price is that memory freed in the middle of a region is only reused once
//! the whole region is free. It must not be used where many allocations
//! outlive calls (the server build keeps a sandbox store and uses the
//! default allocator).
#![no_std]
#![deny(missing_docs)]

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

const PAGE: usize = 65_536;
/// How much of a region is used before the next allocation opens a new one.
const REGION: usize = 65_536;

#[derive(Clone, Copy)]
struct Region {
    /// Where its blocks start; they end where the next region starts.
    base: usize,
    /// Its blocks handed out and not yet freed.
    live: usize,
}

struct State<const REGIONS: usize> {
    /// Next free byte (always in the top region).
    next: usize,
    /// End of the memory the arena owns.
    end: usize,
    /// Regions in use: `regions[..count]`, by increasing address.
    regions: [Region; REGIONS],
    /// 0 until the first allocation.
    count: usize,
}

/// The allocator. Declare it with `#[global_allocator]` in a wasm32 build.
/// `REGIONS` is how many regions it may stack (past that the top one just
/// grows); 1 is one arena that resets only when nothing is live, for modules
/// that keep nothing between calls, and has the least code.
pub struct CallArena<const REGIONS: usize = 1> {
    state: UnsafeCell<State<REGIONS>>,
}

// SAFETY: wasm32-unknown-unknown without the atomics feature has one thread.
unsafe impl<const REGIONS: usize> Sync for CallArena<REGIONS> {}

impl<const REGIONS: usize> CallArena<REGIONS> {
    /// An empty arena; memory is claimed on first use.
    pub const fn new() -> Self {
        CallArena {
            state: UnsafeCell::new(State {
                next: 0,
                end: 0,
                regions: [Region { base: 0, live: 0 }; REGIONS],
                count: 0,
            }),
        }
    }
}

impl<const REGIONS: usize> Default for CallArena<REGIONS> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(target_arch = "wasm32")]
fn grow(pages: usize) -> Option<usize> {
    let previous = core::arch::wasm32::memory_grow(0, pages);
    (previous != usize::MAX).then(|| previous * PAGE)
}

#[cfg(not(target_arch = "wasm32"))]
fn grow(_pages: usize) -> Option<usize> {
    None
}

impl<const REGIONS: usize> State<REGIONS> {
    /// Makes sure `[next, needed)` is owned, growing the memory; false when it cannot.
    fn reserve(&mut self, needed: usize) -> bool {
        if needed <= self.end {
            return true;
        }
        let pages = (needed - self.end).div_ceil(PAGE);
        match grow(pages) {
            // Only this allocator grows the memory, so new pages follow ours.
            Some(start) if start == self.end => {
                self.end += pages * PAGE;
                true
            }
            _ => false,
        }
    }

    /// The base of region `i` (`usize::MAX` past the last). `get`, not
    /// indexing, here and below: a bounds check would link core's panic
    /// formatting, which the validation build keeps out.
    fn base(&self, i: usize) -> usize {
        self.regions.get(i).map_or(usize::MAX, |region| region.base)
    }

    /// The region `ptr` was handed out from.
    fn region_of(&self, ptr: usize) -> usize {
        let mut i = self.count.saturating_sub(1);
        while i > 0 && ptr < self.base(i) {
            i -= 1;
        }
        i
    }
}

unsafe impl<const REGIONS: usize> GlobalAlloc for CallArena<REGIONS> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: single-threaded, and no reference to the state outlives this call.
        let state = unsafe { &mut *self.state.get() };
        if state.count == 0 {
            let Some(start) = grow(1) else {
                return core::ptr::null_mut();
            };
            if let Some(first) = state.regions.first_mut() {
                *first = Region {
                    base: start,
                    live: 0,
                };
            }
            state.count = 1;
            state.next = start;
            state.end = start + PAGE;
        }
        let next = state.next;
        if REGIONS > 1 && next - state.base(state.count - 1) >= REGION {
            if let Some(region) = state.regions.get_mut(state.count) {
                *region = Region {
                    base: next,
                    live: 0,
                };
                state.count += 1;
            }
        }
        let align = layout.align();
        let Some(start) = next.checked_add(align - 1).map(|n| n & !(align - 1)) else {
            return core::ptr::null_mut();
        };
        let Some(after) = start.checked_add(layout.size()) else {
            return core::ptr::null_mut();
        };
        if !state.reserve(after) {
            return core::ptr::null_mut();
        }
        state.next = after;
        if let Some(top) = state.regions.get_mut(state.count - 1) {
            top.live += 1;
        }
        start as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as in `alloc`.
        let state = unsafe { &mut *self.state.get() };
        let i = state.region_of(ptr as usize);
        let Some(region) = state.regions.get_mut(i) else {
            return;
        };
        region.live -= 1;
        let (base, live) = (region.base, region.live);
        if i + 1 != state.count {
            // Below the top: reclaimed when every region above it is free.
            return;
        }
        if live == 0 {
            state.next = base;
            // And past every empty region below.
            while state.count > 1
                && state
                    .regions
                    .get(state.count - 2)
                    .is_some_and(|below| below.live == 0)
            {
                state.count -= 1;
                state.next = state.base(state.count - 1);
            }
        } else if ptr as usize + layout.size() == state.next {
            state.next = ptr as usize;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as in `alloc`.
        let state = unsafe { &mut *self.state.get() };
        let start = ptr as usize;
        // The last block of the top region grows or shrinks in place (a block
        // of a region below may end where the top one starts: it may not grow
        // into it).
        if start + layout.size() == state.next && start >= state.base(state.count - 1) {
            let Some(after) = start.checked_add(new_size) else {
                return core::ptr::null_mut();
            };
            if !state.reserve(after) {
                return core::ptr::null_mut();
            }
            state.next = after;
            return ptr;
        }
        if new_size <= layout.size() {
            return ptr;
        }
        // SAFETY: the caller guarantees `layout` and `new_size` are valid for a realloc.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as for any GlobalAlloc.
        let new_ptr = unsafe { self.alloc(new_layout) };
        if !new_ptr.is_null() {
            // SAFETY: both blocks are valid for `layout.size()` bytes and do not overlap.
            unsafe { core::ptr::copy_nonoverlapping(ptr, new_ptr, layout.size()) };
            // SAFETY: `ptr` was allocated by this allocator with `layout`.
            unsafe { self.dealloc(ptr, layout) };
        }
        new_ptr
    }
}
