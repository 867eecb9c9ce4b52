workspace {
  // each constant repeats the one before ten times: 10^21 characters if expanded
  !constant A0 "xxxxxxxxxx"
  !constant A1 "${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}${A0}"
  !constant A2 "${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}${A1}"
  !constant A3 "${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}${A2}"
  !constant A4 "${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}${A3}"
  !constant A5 "${A4}${A4}${A4}${A4}${A4}${A4}${A4}${A4}${A4}${A4}"
  !constant A6 "${A5}${A5}${A5}${A5}${A5}${A5}${A5}${A5}${A5}${A5}"
  !constant A7 "${A6}${A6}${A6}${A6}${A6}${A6}${A6}${A6}${A6}${A6}"
  !constant A8 "${A7}${A7}${A7}${A7}${A7}${A7}${A7}${A7}${A7}${A7}"
  !constant A9 "${A8}${A8}${A8}${A8}${A8}${A8}${A8}${A8}${A8}${A8}"
  !constant A10 "${A9}${A9}${A9}${A9}${A9}${A9}${A9}${A9}${A9}${A9}"
  !constant A11 "${A10}${A10}${A10}${A10}${A10}${A10}${A10}${A10}${A10}${A10}"
  !constant A12 "${A11}${A11}${A11}${A11}${A11}${A11}${A11}${A11}${A11}${A11}"
  !constant A13 "${A12}${A12}${A12}${A12}${A12}${A12}${A12}${A12}${A12}${A12}"
  !constant A14 "${A13}${A13}${A13}${A13}${A13}${A13}${A13}${A13}${A13}${A13}"
  !constant A15 "${A14}${A14}${A14}${A14}${A14}${A14}${A14}${A14}${A14}${A14}"
  !constant A16 "${A15}${A15}${A15}${A15}${A15}${A15}${A15}${A15}${A15}${A15}"
  !constant A17 "${A16}${A16}${A16}${A16}${A16}${A16}${A16}${A16}${A16}${A16}"
  !constant A18 "${A17}${A17}${A17}${A17}${A17}${A17}${A17}${A17}${A17}${A17}"
  !constant A19 "${A18}${A18}${A18}${A18}${A18}${A18}${A18}${A18}${A18}${A18}"
  !constant A20 "${A19}${A19}${A19}${A19}${A19}${A19}${A19}${A19}${A19}${A19}"
  model {
    u = person "${A20}"
  }
}
