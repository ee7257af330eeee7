//! Lengths with their unit in the type: millimetres ([`Mm`]) for positions on the page, points
//! ([`Pt`]) for font sizes and rule widths. The two cannot be mixed by accident; [`Pt::mm`] is the
//! one conversion.

use std::iter::Sum;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// Millimetres per point (1 pt = 1/72 inch).
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// A length in millimetres.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Mm(pub f32);

/// A length in points (font sizes, rule widths).
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Pt(pub f32);

impl Pt {
    /// The same length in millimetres.
    pub fn mm(self) -> Mm {
        Mm(self.0 * MM_PER_PT)
    }
}

impl Mm {
    /// Zero.
    pub const ZERO: Self = Self(0.0);

    /// The same length in points.
    pub fn pt(self) -> Pt {
        Pt(self.0 / MM_PER_PT)
    }

    /// The larger of two lengths.
    pub fn max(self, other: Self) -> Self {
        Self(self.0.max(other.0))
    }

    /// The smaller of two lengths.
    pub fn min(self, other: Self) -> Self {
        Self(self.0.min(other.0))
    }

    /// The absolute length.
    pub fn abs(self) -> Self {
        Self(self.0.abs())
    }
}

macro_rules! length_ops {
    ($t:ident) => {
        impl Add for $t {
            type Output = Self;
            fn add(self, o: Self) -> Self {
                Self(self.0 + o.0)
            }
        }
        impl Sub for $t {
            type Output = Self;
            fn sub(self, o: Self) -> Self {
                Self(self.0 - o.0)
            }
        }
        impl Neg for $t {
            type Output = Self;
            fn neg(self) -> Self {
                Self(-self.0)
            }
        }
        impl AddAssign for $t {
            fn add_assign(&mut self, o: Self) {
                self.0 += o.0;
            }
        }
        impl SubAssign for $t {
            fn sub_assign(&mut self, o: Self) {
                self.0 -= o.0;
            }
        }
        impl Mul<f32> for $t {
            type Output = Self;
            fn mul(self, k: f32) -> Self {
                Self(self.0 * k)
            }
        }
        impl Mul<$t> for f32 {
            type Output = $t;
            fn mul(self, l: $t) -> $t {
                $t(self * l.0)
            }
        }
        impl Div<f32> for $t {
            type Output = Self;
            fn div(self, k: f32) -> Self {
                Self(self.0 / k)
            }
        }
        /// The ratio of two lengths.
        impl Div for $t {
            type Output = f32;
            fn div(self, o: Self) -> f32 {
                self.0 / o.0
            }
        }
        impl Sum for $t {
            fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
                Self(iter.map(|l| l.0).sum())
            }
        }
        impl<'a> Sum<&'a $t> for $t {
            fn sum<I: Iterator<Item = &'a Self>>(iter: I) -> Self {
                Self(iter.map(|l| l.0).sum())
            }
        }
    };
}

length_ops!(Mm);
length_ops!(Pt);

impl std::fmt::Display for Mm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.2} mm", self.0)
    }
}

impl std::fmt::Display for Pt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} pt", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert!((Pt(72.0).mm().0 - 25.4).abs() < 1e-4);
        assert!((Mm(25.4).pt().0 - 72.0).abs() < 1e-3);
        assert_eq!(Mm(1.0) + Mm(2.0), Mm(3.0));
        assert!((Mm(3.0) / Mm(1.5) - 2.0).abs() < 1e-6);
        assert_eq!([Mm(1.0), Mm(2.5)].iter().sum::<Mm>(), Mm(3.5));
        assert!(Mm(1.0) < Mm(2.0));
    }
}
