/* shift-promotion's cast where the file has no typedef of `unsigned int`: the keyword spelling. */
unsigned int word(unsigned char hi, unsigned char lo) {
    unsigned int v = hi << 24;             // expect: shift-promotion col:25 {{0..255 << 24 may exceed 'int'}} fix: (unsigned int)
    // fixed: unsigned int v = (unsigned int)hi << 24;
    return v | lo;
}
