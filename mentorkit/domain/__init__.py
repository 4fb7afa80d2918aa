"""The domain: mentoring's records and every rule one record can check by itself
(ranges, lengths, plausible dates, a milestone before its goal, terms within the
program's rules), and the SMART analysis of a goal's text. No I/O: the store keeps
these records, the services apply the rules that span several of them."""
